package projects_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/resourcetest"
	"github.com/pipedrive-go/pipedrive/projects"
)

// Bad input is refused before anything is sent, with an error matching
// core.ErrInvalidParams (pipedrive.ErrInvalidParams to users).
func TestInvalidParamsAreRefusedBeforeSending(t *testing.T) {
	var sent atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	c := resourcetest.NewClient(t, srv.URL)
	ctx := context.Background()
	p := c.Projects

	first := func(seq func(func(*projects.Phase, error) bool)) error {
		var got error
		seq(func(_ *projects.Phase, err error) bool { got = err; return false })
		return got
	}
	calls := map[string]func() error{
		"Create nil":      func() error { _, err := p.Create(ctx, nil); return err },
		"Create no title": func() error { _, err := p.Create(ctx, &projects.CreateParams{Description: "x"}); return err },
		"Create no title, by name": func() error {
			_, err := p.Create(ctx, &projects.CreateParams{CustomFieldsByName: crm.FieldValues{"Category": "Internal"}})
			return err
		},
		"Update nil": func() error { _, err := p.Update(ctx, 3, nil); return err },
		"Update zero id": func() error {
			_, err := p.Update(ctx, 0, &projects.UpdateParams{Title: pipedrive.Ptr("x")})
			return err
		},
		"Get zero id":              func() error { _, err := p.Get(ctx, 0); return err },
		"Delete zero id":           func() error { return p.Delete(ctx, -1) },
		"Archive zero id":          func() error { _, err := p.Archive(ctx, 0); return err },
		"PermittedUsers zero id":   func() error { _, err := p.PermittedUsers(ctx, 0); return err },
		"SearchPage nil":           func() error { _, err := p.SearchPage(ctx, nil); return err },
		"SearchPage no term":       func() error { _, err := p.SearchPage(ctx, &projects.SearchParams{ExactMatch: true}); return err },
		"UpdatePlanTask nil":       func() error { _, err := p.UpdatePlanTask(ctx, 3, 1, nil); return err },
		"UpdatePlanTask zero task": func() error { _, err := p.UpdatePlanTask(ctx, 3, 0, &projects.PlanParams{}); return err },
		"UpdatePlanActivity zero project": func() error {
			_, err := p.UpdatePlanActivity(ctx, 0, 1, &projects.PlanParams{})
			return err
		},
		"PlanPage zero id": func() error { _, err := p.PlanPage(ctx, 0); return err },
		"CreateBoard nil":  func() error { _, err := p.CreateBoard(ctx, nil); return err },
		"CreateBoard no name": func() error {
			_, err := p.CreateBoard(ctx, &projects.BoardParams{OrderNr: pipedrive.Ptr(1)})
			return err
		},
		"UpdateBoard nil":      func() error { _, err := p.UpdateBoard(ctx, 1, nil); return err },
		"PhasesPage nil":       func() error { _, err := p.PhasesPage(ctx, nil); return err },
		"Phases no board":      func() error { return first(p.Phases(ctx, &projects.PhaseListParams{})) },
		"PhasesV1 nil":         func() error { return first(p.PhasesV1(ctx, nil)) },
		"CreatePhase no board": func() error { _, err := p.CreatePhase(ctx, &projects.PhaseParams{Name: "Kick-off"}); return err },
		"UpdatePhase nil":      func() error { _, err := p.UpdatePhase(ctx, 2, nil); return err },
		"CreateTask nil":       func() error { _, err := p.CreateTask(ctx, nil); return err },
		"CreateTask no project": func() error {
			_, err := p.CreateTask(ctx, &projects.TaskParams{Title: "Send the welcome pack"})
			return err
		},
		"UpdateTask nil":     func() error { _, err := p.UpdateTask(ctx, 1, nil); return err },
		"DeleteTask zero id": func() error { return p.DeleteTask(ctx, 0) },
		"Field empty code":   func() error { _, err := p.Field(ctx, "", nil); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.Error(t, err)
			assert.ErrorIs(t, err, core.ErrInvalidParams)
		})
	}
	assert.Zero(t, sent.Load(), "requests sent")
}
