package persons

import (
	"context"
	"errors"
	"mime"
	"path/filepath"
	"strconv"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Merge merges the person id into the person mergeWithID, which is kept
// (its values win where both have one), and returns the merged person.
func (s *Service) Merge(ctx context.Context, id, mergeWithID int64) (*Person, error) {
	if mergeWithID <= 0 || mergeWithID == id {
		return nil, errors.New("pipedrive: persons: Merge needs the id of another person to merge with")
	}
	body := struct {
		MergeWithID int64 `json:"merge_with_id"`
	}{mergeWithID}
	return core.Fetch[Person](ctx, s.c, &core.Call{Op: ops.V1MergePersons, PathArgs: []any{id}, Body: body})
}

// AddPicture uploads a profile picture for the person (multipart/form-data)
// and returns it. The upload is a POST: if the connection breaks after the
// body was sent it is not sent again, and the error matches
// pipedrive.ErrOutcomeUnknown.
func (s *Service) AddPicture(ctx context.Context, id int64, params *PictureParams) (*Picture, error) {
	if params == nil || params.Content == nil {
		return nil, errors.New("pipedrive: persons: AddPicture needs the image in PictureParams.Content")
	}
	if params.FileName == "" {
		return nil, errors.New("pipedrive: persons: AddPicture needs PictureParams.FileName")
	}
	ct := params.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(filepath.Ext(params.FileName))
	}
	mp := &core.Multipart{Files: []core.FormFile{{
		Field: "file", FileName: params.FileName, ContentType: ct, Content: params.Content,
	}}}
	for _, f := range []struct {
		name string
		v    *int
	}{{"crop_x", params.CropX}, {"crop_y", params.CropY}, {"crop_width", params.CropWidth}, {"crop_height", params.CropHeight}} {
		if f.v == nil {
			continue
		}
		if *f.v < 0 {
			return nil, errors.New("pipedrive: persons: AddPicture: negative " + f.name)
		}
		mp.Fields = append(mp.Fields, core.FormField{Name: f.name, Value: strconv.Itoa(*f.v)})
	}
	return core.Fetch[Picture](ctx, s.c, &core.Call{Op: ops.V1AddPersonPicture, PathArgs: []any{id}, Multipart: mp})
}
