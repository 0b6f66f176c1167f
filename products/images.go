package products

import (
	"context"
	"mime"
	"path/filepath"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// UploadImage uploads the product's image (multipart/form-data) and
// returns it; a product has one image, so replace an existing one with
// UpdateImage. The upload is a POST: if the connection breaks after the
// body was sent it is not sent again, and the error matches
// pipedrive.ErrOutcomeUnknown.
func (s *Service) UploadImage(ctx context.Context, id int64, params *ImageParams) (*Image, error) {
	return s.sendImage(ctx, ops.V2UploadProductImage, id, params)
}

// UpdateImage replaces the product's image (multipart/form-data) and
// returns the new one.
func (s *Service) UpdateImage(ctx context.Context, id int64, params *ImageParams) (*Image, error) {
	return s.sendImage(ctx, ops.V2UpdateProductImage, id, params)
}

func (s *Service) sendImage(ctx context.Context, op ops.Op, id int64, params *ImageParams) (*Image, error) {
	call := &core.Call{Op: op, PathArgs: []any{id}}
	if err := call.CheckPath(); err != nil {
		return nil, err
	}
	if err := core.CheckFields(op, params); err != nil {
		return nil, err
	}
	ct := params.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(filepath.Ext(params.FileName))
	}
	call.Multipart = &core.Multipart{Files: []core.FormFile{{
		Field: "data", FileName: params.FileName, ContentType: ct, Content: params.Content,
	}}}
	return core.Fetch[Image](ctx, s.c(), call)
}
