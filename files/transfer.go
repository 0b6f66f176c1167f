package files

import (
	"context"
	"mime"
	"path/filepath"
	"strconv"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// Upload uploads a file and attaches it to the records params names, and
// returns its details as stored. The content is streamed from
// params.Content as a multipart body, never held in memory.
//
// The upload is a POST: if the connection breaks once the body was sent,
// or a 5xx comes back, it is not sent again, and the error matches
// pipedrive.ErrOutcomeUnknown. After a 429 (which Pipedrive did not
// execute) it is sent again only when params.Content is an io.Seeker that
// can be rewound; otherwise the 429 is returned.
func (s *Service) Upload(ctx context.Context, params *UploadParams) (*File, error) {
	call := &core.Call{Op: ops.V1AddFile}
	if err := (&core.Call{Op: call.Op, Query: params}).CheckParams(); err != nil {
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
		id   int64
	}{{"deal_id", params.DealID}, {"person_id", params.PersonID}, {"org_id", params.OrgID},
		{"product_id", params.ProductID}, {"activity_id", params.ActivityID}, {"project_id", params.ProjectID}} {
		if f.id != 0 {
			mp.Fields = append(mp.Fields, core.FormField{Name: f.name, Value: strconv.FormatInt(f.id, 10)})
		}
	}
	if params.LeadID != "" {
		mp.Fields = append(mp.Fields, core.FormField{Name: "lead_id", Value: params.LeadID})
	}
	call.Multipart = mp
	return core.Fetch[File](ctx, s.c, call)
}
