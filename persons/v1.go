package persons

import (
	"context"
	"mime"
	"path/filepath"
	"strconv"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// AddPicture uploads a profile picture for the person (multipart/form-data)
// and returns it. The upload is a POST: if the connection breaks after the
// body was sent it is not sent again, and the error matches
// pipedrive.ErrOutcomeUnknown.
func (s *Service) AddPicture(ctx context.Context, id int64, params *PictureParams) (*Picture, error) {
	if err := core.CheckFields(ops.V1AddPersonPicture, params); err != nil {
		return nil, err
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
		if f.v != nil {
			mp.Fields = append(mp.Fields, core.FormField{Name: f.name, Value: strconv.Itoa(*f.v)})
		}
	}
	return core.Fetch[Picture](ctx, s.c(), &core.Call{Op: ops.V1AddPersonPicture, PathArgs: []any{id}, Multipart: mp})
}
