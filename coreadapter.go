package pipedrive

import (
	"context"
	"errors"

	"github.com/pipedrive-go/pipedrive/internal/apicall"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

// newWebhooks builds the webhooks Service on the client core cc.
func newWebhooks(cc *core.Client) *webhooks.Service {
	return (*webhooks.Service)(apicall.NewHandle(coreDoer{cc}))
}

// coreDoer hands the client core to packages that must not import it (the
// webhooks package: its receiver links neither the core nor the limiter).
type coreDoer struct{ c *core.Client }

// Do implements apicall.Doer.
func (d coreDoer) Do(ctx context.Context, r *apicall.Request, out any) (int, error) {
	meta, err := d.c.Do(ctx, &core.Call{
		Op:            r.Op,
		PathArgs:      r.PathArgs,
		Query:         r.Query,
		Body:          r.Body,
		SkipAdmission: r.SkipAdmission,
	}, out)
	if err != nil {
		var apiErr *core.Error
		if errors.As(err, &apiErr) {
			return apiErr.StatusCode, err
		}
		return 0, err
	}
	return meta.StatusCode, nil
}
