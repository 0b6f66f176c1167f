package pipedrivetest_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/projects"
)

func projectsClient(t *testing.T, opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrive.Client) {
	t.Helper()
	srv := pipedrivetest.NewServer(t, append([]pipedrivetest.Option{pipedrivetest.WithRateLimit(1000, 0)}, opts...)...)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL), pipedrive.WithMaxRetries(-1, -1))
	require.NoError(t, err)
	return srv, client
}

func collect[T any](t *testing.T, seq func(func(*T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, *v)
	}
	return out
}

func TestProjectsBoardsAndPhasesAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, c := projectsClient(t)
	p := c.Projects

	boards := collect(t, p.Boards(ctx))
	require.Len(t, boards, 1, "one seeded board")
	assert.Equal(t, "Delivery", boards[0].Name)
	phases := collect(t, p.Phases(ctx, &projects.PhaseListParams{BoardID: boards[0].ID}))
	var names []string
	for _, ph := range phases {
		names = append(names, ph.Name)
	}
	assert.Equal(t, []string{"Kick-off", "In progress", "Done"}, names)

	b, err := p.CreateBoard(ctx, &projects.BoardParams{Name: "Support", OrderNr: pipedrive.Ptr(2)})
	require.NoError(t, err)
	b, err = p.UpdateBoard(ctx, b.ID, &projects.BoardUpdateParams{Name: pipedrive.Ptr("Customer support")})
	require.NoError(t, err)
	assert.Equal(t, "Customer support", b.Name)
	ph, err := p.CreatePhase(ctx, &projects.PhaseParams{Name: "Triage", BoardID: b.ID, OrderNr: pipedrive.Ptr(1)})
	require.NoError(t, err)
	got, err := p.Phase(ctx, ph.ID)
	require.NoError(t, err)
	assert.Equal(t, b.ID, got.BoardID)
	_, err = p.CreatePhase(ctx, &projects.PhaseParams{Name: "Nowhere", BoardID: 999})
	var apiErr *pipedrive.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)

	// The v1 twins read the same records, in v1's shape.
	v1b, err := p.BoardV1(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, b.Name, v1b.Name)
	assert.Equal(t, b.AddTime, v1b.AddTime)
	assert.Len(t, collect(t, p.BoardsV1(ctx)), 2)
	v1p, err := p.PhaseV1(ctx, ph.ID)
	require.NoError(t, err)
	assert.Equal(t, "Triage", v1p.Name)
	assert.Len(t, collect(t, p.PhasesV1(ctx, &projects.PhaseListParams{BoardID: b.ID})), 1)

	require.NoError(t, p.DeletePhase(ctx, ph.ID))
	_, err = p.Phase(ctx, ph.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	require.NoError(t, p.DeleteBoard(ctx, b.ID))
	_, err = p.Board(ctx, b.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)

	templates := collect(t, p.Templates(ctx, nil))
	require.Len(t, templates, 2)
	tp, err := p.Template(ctx, templates[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "Client onboarding", tp.Title)
	assert.Equal(t, boards[0].ID, tp.BoardID)
}

func TestProjectsAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv, c := projectsClient(t)
	p := c.Projects

	// Custom fields by name, against the seeded "Category" field.
	proj, err := p.Create(ctx, &projects.CreateParams{Title: "Acme onboarding", Description: "Welcome Acme",
		PhaseID: pipedrive.Ptr[int64](2), DealIDs: []int64{7}, PersonIDs: []int64{8},
		StartDate: crm.NewDate(2026, 4, 1), CustomFieldsByName: crm.FieldValues{"Category": "External"}})
	require.NoError(t, err)
	assert.Equal(t, projects.StatusOpen, proj.Status)
	assert.Equal(t, int64(1), proj.BoardID, "the phase's board")
	assert.Equal(t, pipedrivetest.DefaultUserID, proj.OwnerID)
	set, err := p.CustomFields(ctx)
	require.NoError(t, err)
	category, err := set.Read(proj.CustomFields).Option("Category")
	require.NoError(t, err)
	assert.Equal(t, "External", category)

	_, err = p.Create(ctx, &projects.CreateParams{Title: "Bad", PhaseID: pipedrive.Ptr[int64](2), BoardID: pipedrive.Ptr[int64](99)})
	assert.Error(t, err)

	proj, err = p.Update(ctx, proj.ID, &projects.UpdateParams{Title: pipedrive.Ptr("Acme onboarding 2026"),
		Status: projects.StatusCompleted, CustomFieldsByName: crm.FieldValues{"Category": nil}})
	require.NoError(t, err)
	assert.Equal(t, projects.StatusCompleted, proj.Status)
	assert.False(t, proj.CustomFields.Has(srvCategory(t, set)))

	changes := collect(t, p.Changelog(ctx, proj.ID, nil))
	require.Len(t, changes, 1)
	assert.JSONEq(t, `"Acme onboarding"`, string(changes[0].OldValues["title"]))
	assert.JSONEq(t, `"completed"`, string(changes[0].NewValues["status"]))
	assert.Contains(t, changes[0].OldValues, srvCategory(t, set))

	got, err := p.Get(ctx, proj.ID)
	require.NoError(t, err)
	assert.Equal(t, proj.UpdateTime, got.UpdateTime)

	// More projects, for filters and paging.
	for i := range 4 {
		_, err := p.Create(ctx, &projects.CreateParams{Title: "Project " + strconv.Itoa(i), OrgIDs: []int64{int64(40 + i%2)}})
		require.NoError(t, err)
	}
	page, err := p.ListPage(ctx, &projects.ListParams{Limit: 2})
	require.NoError(t, err)
	assert.Len(t, page.Items, 2)
	assert.True(t, page.More)
	assert.Len(t, collect(t, p.List(ctx, &projects.ListParams{Limit: 2})), 5)
	assert.Len(t, collect(t, p.List(ctx, &projects.ListParams{OrgID: 41})), 2)
	assert.Len(t, collect(t, p.List(ctx, &projects.ListParams{DealID: 7})), 1)
	assert.Len(t, collect(t, p.List(ctx, &projects.ListParams{Status: []projects.Status{projects.StatusCompleted}})), 1)
	assert.Len(t, collect(t, p.List(ctx, &projects.ListParams{PhaseID: 2})), 1)

	// Archive: out of List, into ListArchived.
	archived, err := p.Archive(ctx, proj.ID)
	require.NoError(t, err)
	assert.True(t, archived.IsArchived())
	assert.Len(t, collect(t, p.List(ctx, nil)), 4)
	arch := collect(t, p.ListArchived(ctx, &projects.ArchivedListParams{Status: []projects.Status{projects.StatusCompleted}}))
	require.Len(t, arch, 1)
	assert.Equal(t, proj.ID, arch[0].ID)

	// Search.
	hits := collect(t, p.Search(ctx, &projects.SearchParams{Term: "project"}))
	assert.Len(t, hits, 4)
	hits = collect(t, p.Search(ctx, &projects.SearchParams{Term: "welcome", Fields: []projects.SearchField{projects.SearchDescription}}))
	require.Len(t, hits, 1)
	assert.Equal(t, "Acme onboarding 2026", hits[0].Item.Title)
	assert.Equal(t, &crm.IDName{ID: 2, Name: "In progress"}, hits[0].Item.Phase)
	require.NotNil(t, hits[0].Item.Deal)
	assert.Equal(t, int64(7), hits[0].Item.Deal.ID)
	assert.Empty(t, collect(t, p.Search(ctx, &projects.SearchParams{Term: "welcome", PersonID: 99})))

	ids, err := p.PermittedUsers(ctx, proj.ID)
	require.NoError(t, err)
	assert.Equal(t, []int64{pipedrivetest.DefaultUserID}, ids)

	// Delete: gone from lists unless asked for.
	require.NoError(t, p.Delete(ctx, hitsOf(t, p, "Project 0")))
	assert.Len(t, collect(t, p.List(ctx, nil)), 3)
	assert.Len(t, collect(t, p.List(ctx, &projects.ListParams{Status: []projects.Status{projects.StatusDeleted}})), 1)

	st := srv.Stats()
	assert.Equal(t, 1, st.Routes["PATCH /api/v2/projects/{id}"])
	assert.Equal(t, 4, st.Routes["GET /api/v2/projects/search"], "searches")
	assert.Equal(t, 4, srv.TokenStats(srv.Token()).Searches)
}

// srvCategory is the code of the seeded Category field.
func srvCategory(t *testing.T, set *crm.FieldSet) string {
	t.Helper()
	f, err := set.CustomField("Category")
	require.NoError(t, err)
	return f.Code
}

// hitsOf returns the id of the one project titled title, found by search.
func hitsOf(t *testing.T, p *projects.Service, title string) int64 {
	t.Helper()
	hits := collect(t, p.Search(context.Background(), &projects.SearchParams{Term: title, ExactMatch: true, Fields: []projects.SearchField{projects.SearchTitle}}))
	require.Len(t, hits, 1)
	return hits[0].Item.ID
}

func TestProjectPlanAndTasksAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, c := projectsClient(t)
	p := c.Projects

	// A project made from a template gets the template's plan.
	proj, err := p.Create(ctx, &projects.CreateParams{Title: "Globex onboarding", TemplateID: pipedrive.Ptr[int64](1)})
	require.NoError(t, err)
	groups := collect(t, p.Groups(ctx, proj.ID))
	require.Len(t, groups, 2)
	assert.Equal(t, "Preparation", groups[0].Name)
	tasks := collect(t, p.ProjectTasks(ctx, proj.ID))
	require.Len(t, tasks, 3)
	assert.Equal(t, "Create the client's accounts", tasks[0].Title)
	acts := collect(t, p.ProjectActivities(ctx, proj.ID))
	require.Len(t, acts, 2)
	assert.Equal(t, "Kick-off call", acts[0].Subject)
	require.NotNil(t, acts[0].ProjectID)
	assert.Equal(t, proj.ID, *acts[0].ProjectID)
	assert.True(t, acts[0].DueTime.Valid)
	plan := collect(t, p.Plan(ctx, proj.ID))
	require.Len(t, plan, 5)
	assert.Equal(t, proj.PhaseID, plan[0].PhaseID)

	// Move a task and an activity in the plan.
	it, err := p.UpdatePlanTask(ctx, proj.ID, tasks[2].ID, &projects.PlanParams{PhaseID: pipedrive.Ptr[int64](3), GroupID: &groups[0].ID})
	require.NoError(t, err)
	assert.Equal(t, projects.PlanItem{ItemID: tasks[2].ID, ItemType: projects.PlanTask, PhaseID: 3, GroupID: groups[0].ID}, *it)
	it, err = p.UpdatePlanActivity(ctx, proj.ID, acts[1].ID, &projects.PlanParams{GroupID: &groups[0].ID})
	require.NoError(t, err)
	assert.Equal(t, projects.PlanActivity, it.ItemType)
	_, err = p.UpdatePlanTask(ctx, proj.ID, 999, &projects.PlanParams{GroupID: &groups[0].ID})
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	_, err = p.UpdatePlanTask(ctx, proj.ID, tasks[0].ID, &projects.PlanParams{PhaseID: pipedrive.Ptr[int64](999)})
	assert.Error(t, err)

	// Tasks through v2: create, subtasks, filters, paging, update, delete.
	parent, err := p.CreateTask(ctx, &projects.TaskParams{Title: "Ship the kit", ProjectID: proj.ID, AssigneeIDs: []int64{5},
		DueDate: crm.NewDate(2026, 5, 1), Milestone: pipedrive.Ptr(true)})
	require.NoError(t, err)
	assert.True(t, parent.IsMilestone)
	assert.Equal(t, crm.NewDate(2026, 5, 1), parent.DueDate)
	child, err := p.CreateTask(ctx, &projects.TaskParams{Title: "Pack the box", ProjectID: proj.ID, ParentTaskID: &parent.ID, AssigneeID: pipedrive.Ptr[int64](6)})
	require.NoError(t, err)
	assert.Equal(t, []int64{6}, child.AssigneeIDs)
	_, err = p.CreateTask(ctx, &projects.TaskParams{Title: "Orphan", ProjectID: 999})
	assert.Error(t, err)

	all := collect(t, p.Tasks(ctx, &projects.TaskListParams{ProjectID: proj.ID, Limit: 2}))
	assert.Len(t, all, 5)
	assert.Len(t, collect(t, p.Tasks(ctx, &projects.TaskListParams{ParentTaskID: projects.RootTasks})), 4)
	subs := collect(t, p.Tasks(ctx, &projects.TaskListParams{ParentTaskID: projects.SubtasksOf(parent.ID)}))
	require.Len(t, subs, 1)
	assert.Equal(t, child.ID, subs[0].ID)
	assert.Len(t, collect(t, p.Tasks(ctx, &projects.TaskListParams{AssigneeID: 5})), 1)
	assert.Len(t, collect(t, p.Tasks(ctx, &projects.TaskListParams{IsMilestone: pipedrive.Ptr(true)})), 1)

	done, err := p.UpdateTask(ctx, child.ID, &projects.TaskUpdateParams{Done: pipedrive.Ptr(true), ParentTaskID: pipedrive.Ptr[int64](0)})
	require.NoError(t, err)
	assert.True(t, done.IsDone)
	assert.NotNil(t, done.MarkedAsDoneTime)
	assert.Nil(t, done.ParentTaskID)
	assert.Len(t, collect(t, p.Tasks(ctx, &projects.TaskListParams{IsDone: pipedrive.Ptr(true)})), 1)
	v1 := collect(t, p.ProjectTasks(ctx, proj.ID))
	i := slices.IndexFunc(v1, func(t projects.Task) bool { return t.ID == child.ID })
	require.GreaterOrEqual(t, i, 0)
	assert.True(t, v1[i].IsDone, "the v1 list sends done as 1")
	assert.Equal(t, int64(6), v1[i].AssigneeID)

	// Deleting a task deletes its subtasks.
	_, err = p.UpdateTask(ctx, child.ID, &projects.TaskUpdateParams{ParentTaskID: &parent.ID})
	require.NoError(t, err)
	require.NoError(t, p.DeleteTask(ctx, parent.ID))
	_, err = p.Task(ctx, child.ID)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	assert.Len(t, collect(t, p.Plan(ctx, proj.ID)), 5)
}

func TestProjectFieldsAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, c := projectsClient(t)
	p := c.Projects

	fields := collect(t, p.Fields(ctx, nil))
	assert.Equal(t, "title", fields[0].Code)
	f, err := p.CreateField(ctx, &crm.CreateFieldParams{Name: "Risk", Type: crm.FieldTypeSet,
		Options: []crm.NewFieldOption{{Label: "Budget"}, {Label: "Scope"}}})
	require.NoError(t, err)
	assert.True(t, f.IsCustom)
	assert.Equal(t, pipedrivetest.FieldKey("project", "Risk"), f.Code)
	opts, err := p.AddFieldOptions(ctx, f.Code, "Timeline")
	require.NoError(t, err)
	assert.Equal(t, []crm.FieldOption{{ID: 3, Label: "Timeline"}}, opts)
	opts, err = p.UpdateFieldOptions(ctx, f.Code, crm.FieldOptionChange{ID: 3, Label: "Schedule"})
	require.NoError(t, err)
	assert.Equal(t, "Schedule", opts[0].Label)
	_, err = p.DeleteFieldOptions(ctx, f.Code, 1)
	require.NoError(t, err)
	f, err = p.UpdateField(ctx, f.Code, &crm.UpdateFieldParams{Name: "Risks"})
	require.NoError(t, err)
	assert.Equal(t, "Risks", f.Name)
	assert.Equal(t, []crm.FieldOption{{ID: 2, Label: "Scope"}, {ID: 3, Label: "Schedule"}}, f.Options)

	// The cache was dropped by the changes: the new field is usable by name.
	proj, err := p.Create(ctx, &projects.CreateParams{Title: "Risky", CustomFieldsByName: crm.FieldValues{"Risks": []string{"Scope", "Schedule"}}})
	require.NoError(t, err)
	set, err := p.CustomFields(ctx)
	require.NoError(t, err)
	risks, err := set.Read(proj.CustomFields).Options("Risks")
	require.NoError(t, err)
	assert.Equal(t, []string{"Scope", "Schedule"}, risks)

	got, err := p.Field(ctx, f.Code, nil)
	require.NoError(t, err)
	assert.Equal(t, "Risks", got.Name)
	require.NoError(t, p.DeleteField(ctx, f.Code))
	_, err = p.Field(ctx, f.Code, nil)
	assert.ErrorIs(t, err, pipedrive.ErrNotFound)
	assert.Error(t, p.DeleteField(ctx, "title"), "standard fields stay")

	// Without default custom fields there is no Category.
	_, bare := projectsClient(t, pipedrivetest.WithoutDefaultCustomFields())
	set, err = bare.Projects.CustomFields(ctx)
	require.NoError(t, err)
	_, err = set.CustomField("Category")
	assert.ErrorIs(t, err, crm.ErrUnknownField)
}

// The family's routes are limited and priced like the others: searches in
// the search window, every route at its own token cost, the overlapping v1
// patterns included.
func TestProjectsLimits(t *testing.T) {
	ctx := context.Background()
	srv, c := projectsClient(t, pipedrivetest.WithTokenBudget(1000))
	p := c.Projects

	_, err := p.SearchPage(ctx, &projects.SearchParams{Term: "any"})
	require.NoError(t, err)
	assert.Equal(t, 1, srv.TokenStats(srv.Token()).Searches, "a search counts in the search window")

	proj, err := p.Create(ctx, &projects.CreateParams{Title: "Priced"})
	require.NoError(t, err)
	left := func(path string) int {
		t.Helper()
		r, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		r.Header.Set("X-Api-Token", srv.Token())
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		n, err := strconv.Atoi(resp.Header.Get("X-Daily-Ratelimit-Token-Remaining"))
		require.NoError(t, err)
		return n
	}
	id := strconv.FormatInt(proj.ID, 10)
	before := left("/v1/projects/boards/1")
	assert.Equal(t, before-20, left("/v1/projects/"+id+"/plan"), "v1 plan costs 20")
	assert.Equal(t, before-22, left("/v1/projects/phases/1"), "v1 phase costs 2")
	assert.Equal(t, before-42, left("/v1/projects/"+id+"/tasks"), "v1 project tasks cost 20")
	st := srv.Stats()
	assert.Equal(t, 1, st.Routes["GET /v1/projects/{id}/plan"])
	assert.Equal(t, 1, st.Routes["GET /v1/projects/boards/{id}"])
	assert.Equal(t, 1, st.Routes["GET /v1/projects/phases/{id}"])
}
