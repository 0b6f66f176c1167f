package pipedrivetest_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/filters"
	"github.com/pipedrive-go/pipedrive/goals"
	"github.com/pipedrive-go/pipedrive/organizations"
	"github.com/pipedrive-go/pipedrive/permissionsets"
	"github.com/pipedrive-go/pipedrive/persons"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
	"github.com/pipedrive-go/pipedrive/roles"
	"github.com/pipedrive-go/pipedrive/teams"
)

func adminClient(t *testing.T, opts ...pipedrivetest.Option) (*pipedrivetest.Server, *pipedrive.Client) {
	t.Helper()
	srv := pipedrivetest.NewServer(t, append([]pipedrivetest.Option{pipedrivetest.WithRateLimit(1000, 0)}, opts...)...)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	require.NoError(t, err)
	return srv, client
}

func fieldID(t *testing.T, srv *pipedrivetest.Server, e pipedrivetest.Entity, field string) int64 {
	t.Helper()
	id, ok := srv.FilterFieldID(e, field)
	require.True(t, ok, "no %s field %q", e, field)
	return id
}

func collectIDs[T any](t *testing.T, seq func(yield func(*T, error) bool), id func(*T) int64) []int64 {
	t.Helper()
	ids := []int64{}
	for v, err := range seq {
		require.NoError(t, err)
		ids = append(ids, id(v))
	}
	return ids
}

func statusOf(err error) int {
	var apiErr *pipedrive.Error
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// A filter created through the SDK selects exactly the records its
// conditions match when a list is given its id.
func TestFilterAppliesToLists(t *testing.T) {
	ctx := context.Background()
	srv, client := adminClient(t)

	ada, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Ada Lovelace"})
	require.NoError(t, err)
	bob, err := client.Persons.Create(ctx, &persons.CreateParams{Name: "Bob Babbage"})
	require.NoError(t, err)
	nordic, err := client.Organizations.Create(ctx, &organizations.CreateParams{Name: "Fjord AS",
		CustomFieldsByName: crm.FieldValues{"Region": "Nordics"}})
	require.NoError(t, err)
	_, err = client.Organizations.Create(ctx, &organizations.CreateParams{Name: "Alps AG",
		CustomFieldsByName: crm.FieldValues{"Region": "Alps"}})
	require.NoError(t, err)

	mk := func(p *deals.CreateParams) int64 {
		d, err := client.Deals.Create(ctx, p)
		require.NoError(t, err)
		return d.ID
	}
	alpha := mk(&deals.CreateParams{Title: "Alpha", Value: pipedrive.Ptr(500.0), PersonID: &ada.ID,
		CustomFieldsByName: crm.FieldValues{"Seats": 5, "Tier": "Starter"}})
	beta := mk(&deals.CreateParams{Title: "Beta", Value: pipedrive.Ptr(1500.0), PersonID: &bob.ID,
		ExpectedCloseDate:  pipedrive.Ptr(crm.NewDate(2026, time.June, 30)),
		CustomFieldsByName: crm.FieldValues{"Seats": 20, "Tier": "Enterprise"}})
	gamma := mk(&deals.CreateParams{Title: "Gamma", Value: pipedrive.Ptr(3000.0), Status: deals.StatusWon, OrgID: &nordic.ID})
	delta := mk(&deals.CreateParams{Title: "Delta big", Value: pipedrive.Ptr(10000.0), PersonID: &ada.ID,
		CustomFieldsByName: crm.FieldValues{"Seats": 1}})

	value := fieldID(t, srv, pipedrivetest.Deal, "value")
	status := fieldID(t, srv, pipedrivetest.Deal, "status")
	title := fieldID(t, srv, pipedrivetest.Deal, "title")
	closeDate := fieldID(t, srv, pipedrivetest.Deal, "expected_close_date")
	seats := fieldID(t, srv, pipedrivetest.Deal, "Seats")
	tier := fieldID(t, srv, pipedrivetest.Deal, "Tier")
	personName := fieldID(t, srv, pipedrivetest.Person, "name")
	orgRegion := fieldID(t, srv, pipedrivetest.Organization, "Region")
	enterprise, ok := srv.OptionID(pipedrivetest.Deal, "Tier", "Enterprise")
	require.True(t, ok)

	listed := func(f *filters.Filter, limit int) []int64 {
		return collectIDs(t, client.Deals.List(ctx, &deals.ListParams{FilterID: f.ID, Limit: limit}), func(d *deals.Deal) int64 { return d.ID })
	}
	create := func(name string, conds *filters.Conditions) *filters.Filter {
		f, err := client.Filters.Create(ctx, &filters.CreateParams{Name: name, Type: filters.TypeDeals, Conditions: conds})
		require.NoError(t, err)
		return f
	}

	for name, tc := range map[string]struct {
		conds *filters.Conditions
		want  []int64
	}{
		"comparison and equality": {filters.And(
			filters.Cond(filters.ObjectDeal, value, filters.OpGreater, filters.Number(1000)),
			filters.Cond(filters.ObjectDeal, status, filters.OpEqual, filters.Text("open")),
		), []int64{beta, delta}},
		"and then or": {filters.And(
			filters.Cond(filters.ObjectDeal, status, filters.OpEqual, filters.Text("open")),
		).Or(
			filters.Cond(filters.ObjectDeal, title, filters.OpContains, filters.Text("alp")),
			filters.Cond(filters.ObjectDeal, seats, filters.OpGreater, filters.Number(10)),
		), []int64{alpha, beta}},
		"is null":           {filters.And(filters.Empty(filters.ObjectDeal, closeDate)), []int64{alpha, gamma, delta}},
		"is not null":       {filters.And(filters.NotEmpty(filters.ObjectDeal, closeDate)), []int64{beta}},
		"custom is null":    {filters.And(filters.Empty(filters.ObjectDeal, seats)), []int64{gamma}},
		"custom <=":         {filters.And(filters.Cond(filters.ObjectDeal, seats, filters.OpLessOrEqual, filters.Number(5))), []int64{alpha, delta}},
		"option":            {filters.And(filters.Cond(filters.ObjectDeal, tier, filters.OpEqual, filters.ID(enterprise))), []int64{beta}},
		"option !=":         {filters.And(filters.Cond(filters.ObjectDeal, tier, filters.OpNotEqual, filters.ID(enterprise))), []int64{alpha, gamma, delta}},
		"date":              {filters.And(filters.Cond(filters.ObjectDeal, closeDate, filters.OpLess, filters.Date(crm.NewDate(2026, time.July, 1)))), []int64{beta}},
		"starts with":       {filters.And(filters.Cond(filters.ObjectDeal, title, filters.OpStartsWith, filters.Text("DELTA"))), []int64{delta}},
		"not starts with":   {filters.And(filters.Cond(filters.ObjectDeal, title, filters.OpNotStartsWith, filters.Text("delta"))), []int64{alpha, beta, gamma}},
		"the deal's person": {filters.And(filters.Cond(filters.ObjectPerson, personName, filters.OpStartsWith, filters.Text("Ada"))), []int64{alpha, delta}},
		"the deal's org":    {filters.And(filters.Cond(filters.ObjectOrganization, orgRegion, filters.OpEqual, filters.Text("Nordics"))), []int64{gamma}},
		"no conditions":     {filters.And(), []int64{alpha, beta, gamma, delta}},
	} {
		t.Run(name, func(t *testing.T) {
			f := create(name, tc.conds)
			assert.Equal(t, tc.want, listed(f, 0))
			assert.Equal(t, tc.want, listed(f, 1), "paged one by one")
			got, err := client.Filters.Get(ctx, f.ID)
			require.NoError(t, err)
			assert.Equal(t, tc.conds, got.Conditions, "read back, the tree is the one built")
			assert.NotNil(t, got.LastUsedTime, "listing with the filter used it")
		})
	}

	t.Run("other filters still apply; ids are ignored", func(t *testing.T) {
		f := create("open", filters.And(filters.Cond(filters.ObjectDeal, status, filters.OpEqual, filters.Text("open"))))
		ids := collectIDs(t, client.Deals.List(ctx, &deals.ListParams{FilterID: f.ID, PersonID: ada.ID, IDs: []int64{beta}}),
			func(d *deals.Deal) int64 { return d.ID })
		assert.Equal(t, []int64{alpha, delta}, ids)
	})

	t.Run("persons and organizations", func(t *testing.T) {
		pf, err := client.Filters.Create(ctx, &filters.CreateParams{Name: "Adas", Type: filters.TypePersons,
			Conditions: filters.And(filters.Cond(filters.ObjectPerson, personName, filters.OpContains, filters.Text("lovelace")))})
		require.NoError(t, err)
		assert.Equal(t, []int64{ada.ID}, collectIDs(t, client.Persons.List(ctx, &persons.ListParams{FilterID: pf.ID}),
			func(p *persons.Person) int64 { return p.ID }))
		of, err := client.Filters.Create(ctx, &filters.CreateParams{Name: "Nordics", Type: filters.TypeOrganizations,
			Conditions: filters.Or(filters.Cond(filters.ObjectOrganization, orgRegion, filters.OpEqual, filters.Text("nordics")))})
		require.NoError(t, err)
		assert.Equal(t, []int64{nordic.ID}, collectIDs(t, client.Organizations.List(ctx, &organizations.ListParams{FilterID: of.ID}),
			func(o *organizations.Organization) int64 { return o.ID }))

		// A persons filter on a deal list is refused.
		_, err = client.Deals.ListPage(ctx, &deals.ListParams{FilterID: pf.ID})
		assert.Equal(t, http.StatusBadRequest, statusOf(err), "%v", err)
	})

	t.Run("update changes what the filter selects", func(t *testing.T) {
		f := create("big", filters.And(filters.Cond(filters.ObjectDeal, value, filters.OpGreaterOrEqual, filters.Number(3000))))
		assert.Equal(t, []int64{gamma, delta}, listed(f, 0))
		next := filters.And(filters.Cond(filters.ObjectDeal, value, filters.OpLess, filters.Number(3000)))
		up, err := client.Filters.Update(ctx, f.ID, &filters.UpdateParams{Name: "small", Conditions: next, IncludeFieldCode: true})
		require.NoError(t, err)
		assert.Equal(t, "small", up.Name)
		assert.Equal(t, "value", up.Conditions.All()[0].FieldCode)
		assert.Equal(t, []int64{alpha, beta}, listed(f, 0))
	})

	t.Run("field codes", func(t *testing.T) {
		f := create("seats", filters.And(filters.NotEmpty(filters.ObjectDeal, seats)))
		got, err := client.Filters.GetWith(ctx, f.ID, &filters.GetParams{IncludeFieldCode: true})
		require.NoError(t, err)
		key, _ := srv.CustomFieldKey(pipedrivetest.Deal, "Seats")
		assert.Equal(t, key, got.Conditions.All()[0].FieldCode)
	})

	t.Run("refusals", func(t *testing.T) {
		// An operator Pipedrive does not know: refused when saved.
		_, err := client.Filters.Create(ctx, &filters.CreateParams{Name: "x", Type: filters.TypeDeals,
			Conditions: filters.And(filters.Cond(filters.ObjectDeal, value, filters.Op("~="), filters.Number(1)))})
		assert.Equal(t, http.StatusBadRequest, statusOf(err), "%v", err)
		// A field the object does not have.
		_, err = client.Filters.Create(ctx, &filters.CreateParams{Name: "x", Type: filters.TypeDeals,
			Conditions: filters.And(filters.Cond(filters.ObjectDeal, 999999, filters.OpEqual, filters.Number(1)))})
		assert.Equal(t, http.StatusBadRequest, statusOf(err), "%v", err)
		// An operator Pipedrive knows but the fake does not evaluate: saved,
		// but a list using it is refused.
		f := create("has been", filters.And(filters.Cond(filters.ObjectDeal, fieldID(t, srv, pipedrivetest.Deal, "stage_id"), filters.OpHasBeen, filters.ID(1))))
		_, err = client.Deals.ListPage(ctx, &deals.ListParams{FilterID: f.ID})
		assert.Equal(t, http.StatusBadRequest, statusOf(err), "%v", err)
		_, err = client.Deals.ListPage(ctx, &deals.ListParams{FilterID: 9999})
		assert.True(t, errors.Is(err, pipedrive.ErrNotFound), "%v", err)
	})

	t.Run("list, helpers, delete", func(t *testing.T) {
		var names []string
		for f, err := range client.Filters.List(ctx, &filters.ListParams{Type: filters.TypePersons}) {
			require.NoError(t, err)
			assert.Nil(t, f.Conditions)
			names = append(names, f.Name)
		}
		assert.Equal(t, []string{"Adas"}, names)
		h, err := client.Filters.Helpers(ctx)
		require.NoError(t, err)
		assert.True(t, h.Supports("enum", filters.OpIsNull))
		assert.True(t, h.Supports("int", filters.OpGreater))
		assert.True(t, h.RelativeDate("this_quarter"))

		all, err := client.Filters.ListPage(ctx, nil)
		require.NoError(t, err)
		require.Greater(t, len(all.Items), 3)
		require.NoError(t, client.Filters.Delete(ctx, all.Items[0].ID))
		require.NoError(t, client.Filters.DeleteMany(ctx, all.Items[1].ID, all.Items[2].ID))
		_, err = client.Filters.Get(ctx, all.Items[1].ID)
		assert.True(t, errors.Is(err, pipedrive.ErrNotFound), "%v", err)
		after, err := client.Filters.ListPage(ctx, nil)
		require.NoError(t, err)
		assert.Len(t, after.Items, len(all.Items)-3)
	})

	st := srv.Stats()
	assert.Positive(t, st.Routes["POST /v1/filters"])
	assert.Positive(t, st.Routes["GET /v1/filters/{id}"])
	assert.Zero(t, st.TooManyRequests)
}

func TestGoalsAgainstFake(t *testing.T) {
	ctx := context.Background()
	clock := &adminClock{t: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}
	_, client := adminClient(t, pipedrivetest.WithClock(clock))
	for _, v := range []float64{1000, 2500} {
		d, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "won", Value: pipedrive.Ptr(v)})
		require.NoError(t, err)
		_, err = client.Deals.Update(ctx, d.ID, &deals.UpdateParams{Status: deals.StatusWon})
		require.NoError(t, err)
	}
	_, err := client.Deals.Create(ctx, &deals.CreateParams{Title: "open", Value: pipedrive.Ptr(700.0)})
	require.NoError(t, err)

	q1 := goals.Duration{Start: crm.NewDate(2026, time.January, 1), End: crm.NewDate(2026, time.March, 31)}
	won, err := client.Goals.Create(ctx, &goals.CreateParams{
		Title:           "Q1 won",
		Assignee:        goals.Assignee{ID: pipedrivetest.DefaultUserID, Type: goals.AssigneePerson},
		Type:            goals.GoalType{Name: goals.DealsWon, Params: goals.TypeParams{PipelineIDs: []int64{1}}},
		ExpectedOutcome: goals.Outcome{Target: 10000, TrackingMetric: goals.BySum, CurrencyID: pipedrive.Ptr[int64](1)},
		Duration:        q1,
		Interval:        goals.Quarterly,
	})
	require.NoError(t, err)
	assert.Len(t, won.ID, 32)
	assert.True(t, won.IsActive)
	assert.Equal(t, []int64{1}, won.Type.Params.PipelineIDs)
	assert.Nil(t, won.Type.Params.ActivityTypeIDs)
	started, err := client.Goals.Create(ctx, &goals.CreateParams{
		Assignee:        goals.Assignee{ID: 1, Type: goals.AssigneeCompany},
		Type:            goals.GoalType{Name: goals.DealsStarted},
		ExpectedOutcome: goals.Outcome{Target: 5, TrackingMetric: goals.ByQuantity},
		Duration:        goals.Duration{Start: crm.NewDate(2026, time.March, 1)},
		Interval:        goals.Monthly,
	})
	require.NoError(t, err)
	assert.True(t, started.Duration.End.IsZero())

	res, err := client.Goals.Results(ctx, won.ID, &goals.ResultParams{PeriodStart: q1.Start, PeriodEnd: q1.End})
	require.NoError(t, err)
	assert.Equal(t, 3500.0, res.Progress, "the sum of the deals won in the period")
	res, err = client.Goals.Results(ctx, started.ID, &goals.ResultParams{PeriodStart: crm.NewDate(2026, time.March, 1), PeriodEnd: crm.NewDate(2026, time.March, 31)})
	require.NoError(t, err)
	assert.Equal(t, 3.0, res.Progress, "the deals added in the period")
	_, err = client.Goals.Results(ctx, won.ID, &goals.ResultParams{PeriodStart: crm.NewDate(2025, time.December, 1), PeriodEnd: q1.End})
	assert.Equal(t, http.StatusBadRequest, statusOf(err), "a period outside the goal: %v", err)

	find := func(p *goals.ListParams) []string {
		var titles []string
		for g, err := range client.Goals.List(ctx, p) {
			require.NoError(t, err)
			titles = append(titles, g.Title)
		}
		return titles
	}
	assert.Equal(t, []string{"Q1 won", ""}, find(nil))
	assert.Equal(t, []string{"Q1 won"}, find(&goals.ListParams{TypeName: goals.DealsWon}))
	assert.Equal(t, []string{"Q1 won"}, find(&goals.ListParams{PipelineIDs: []int64{1}}))
	assert.Equal(t, []string{""}, find(&goals.ListParams{PeriodStart: crm.NewDate(2026, time.April, 1), PeriodEnd: crm.NewDate(2026, time.April, 30)}))
	assert.Empty(t, find(&goals.ListParams{IsActive: pipedrive.Ptr(false)}))

	up, err := client.Goals.Update(ctx, won.ID, &goals.UpdateParams{Title: pipedrive.Ptr("Q1 revenue"), Interval: goals.Monthly})
	require.NoError(t, err)
	assert.Equal(t, "Q1 revenue", up.Title)
	assert.Equal(t, goals.Monthly, up.Interval)
	assert.Equal(t, won.ExpectedOutcome, up.ExpectedOutcome)

	require.NoError(t, client.Goals.Delete(ctx, started.ID))
	err = client.Goals.Delete(ctx, started.ID)
	assert.True(t, errors.Is(err, pipedrive.ErrNotFound), "%v", err)
	assert.Equal(t, []string{"Q1 revenue"}, find(nil))

	_, err = client.Goals.Create(ctx, &goals.CreateParams{
		Assignee: goals.Assignee{ID: 1, Type: "robot"}, Type: goals.GoalType{Name: goals.DealsWon},
		ExpectedOutcome: goals.Outcome{Target: 1, TrackingMetric: goals.ByQuantity}, Duration: q1, Interval: goals.Weekly,
	})
	assert.Equal(t, http.StatusBadRequest, statusOf(err), "%v", err)
}

type adminClock struct{ t time.Time }

func (c *adminClock) Now() time.Time { return c.t }

func TestRolesAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := adminClient(t, pipedrivetest.WithUserAPIToken(2, "second-user-token"))

	sales, err := client.Roles.Create(ctx, &roles.CreateParams{Name: "Sales", ParentRoleID: pipedrive.Ptr(pipedrivetest.DefaultRoleID)})
	require.NoError(t, err)
	emea, err := client.Roles.Create(ctx, &roles.CreateParams{Name: "Sales EMEA", ParentRoleID: &sales.ID})
	require.NoError(t, err)
	_, err = client.Roles.Update(ctx, sales.ID, &roles.UpdateParams{ParentRoleID: &emea.ID})
	assert.Equal(t, http.StatusBadRequest, statusOf(err), "a loop: %v", err)
	_, err = client.Roles.Update(ctx, emea.ID, &roles.UpdateParams{Name: "EMEA"})
	require.NoError(t, err)

	_, err = client.Roles.AddAssignment(ctx, emea.ID, 2)
	require.NoError(t, err)
	var list []roles.Role
	for r, err := range client.Roles.List(ctx, nil) {
		require.NoError(t, err)
		list = append(list, *r)
	}
	require.Len(t, list, 3)
	assert.Equal(t, roles.Role{ID: emea.ID, ParentRoleID: &sales.ID, Name: "EMEA", Active: true, AssignmentCount: 1, Level: 3}, list[2])
	assert.Equal(t, 1, list[0].AssignmentCount, "the default role keeps the other user")
	assert.Equal(t, 1, list[1].SubRoleCount)

	var users []int64
	for a, err := range client.Roles.Assignments(ctx, emea.ID, nil) {
		require.NoError(t, err)
		users = append(users, a.UserID)
		assert.Equal(t, "EMEA", a.Name)
	}
	assert.Equal(t, []int64{2}, users)

	ch, err := client.Roles.UpdateSetting(ctx, emea.ID, &roles.SettingParams{SettingKey: roles.DealDefaultVisibility, Value: crm.VisibleToCompany})
	require.NoError(t, err)
	assert.Equal(t, emea.ID, ch.RoleID)
	got, err := client.Roles.Get(ctx, emea.ID)
	require.NoError(t, err)
	v, _ := got.Settings.Visibility(roles.DealDefaultVisibility)
	assert.Equal(t, crm.VisibleToCompany, v)
	settings, err := client.Roles.Settings(ctx, emea.ID)
	require.NoError(t, err)
	v, _ = settings.Visibility(roles.OrgDefaultVisibility)
	assert.Equal(t, crm.VisibleToOwner, v)
	_, err = client.Roles.UpdateSetting(ctx, emea.ID, &roles.SettingParams{SettingKey: roles.DealDefaultVisibility, Value: 4})
	assert.Equal(t, http.StatusBadRequest, statusOf(err), "%v", err)

	p, err := client.Roles.UpdatePipelines(ctx, emea.ID, &roles.PipelinesUpdateParams{Show: []int64{2}, Hide: []int64{1, 3}})
	require.NoError(t, err)
	assert.Equal(t, roles.Pipelines{PipelineIDs: []int64{2}, Visible: true}, *p)
	p, err = client.Roles.Pipelines(ctx, emea.ID, &roles.PipelinesParams{Visible: pipedrive.Ptr(false)})
	require.NoError(t, err)
	assert.Equal(t, roles.Pipelines{PipelineIDs: []int64{1, 3}}, *p)
	p, err = client.Roles.Pipelines(ctx, sales.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, []int64{1, 2, 3}, p.PipelineIDs, "other roles see every pipeline")

	err = client.Roles.Delete(ctx, sales.ID)
	assert.Equal(t, http.StatusBadRequest, statusOf(err), "a role with sub-roles: %v", err)
	require.NoError(t, client.Roles.DeleteAssignment(ctx, emea.ID, 2))
	assert.Equal(t, http.StatusBadRequest, statusOf(client.Roles.DeleteAssignment(ctx, emea.ID, 2)))
	require.NoError(t, client.Roles.Delete(ctx, emea.ID))
	_, err = client.Roles.Get(ctx, emea.ID)
	assert.True(t, errors.Is(err, pipedrive.ErrNotFound), "%v", err)
}

func TestPermissionSetsAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := adminClient(t, pipedrivetest.WithUserAPIToken(2, "second-user-token"))
	var names []string
	for ps, err := range client.PermissionSets.List(ctx, &permissionsets.ListParams{App: permissionsets.AppSales}) {
		require.NoError(t, err)
		names = append(names, ps.Name)
		assert.Equal(t, 1, ps.AssignmentCount)
	}
	assert.Equal(t, []string{"Deals admin", "Deals regular user"}, names)
	all, err := client.PermissionSets.ListPage(ctx, nil)
	require.NoError(t, err)
	require.Len(t, all.Items, 5)
	ps, err := client.PermissionSets.Get(ctx, all.Items[1].ID)
	require.NoError(t, err)
	assert.Equal(t, permissionsets.TypeRegular, ps.Type)
	assert.Contains(t, ps.Contents, "can_use_api")
	var holders []int64
	for a, err := range client.PermissionSets.Assignments(ctx, ps.ID, nil) {
		require.NoError(t, err)
		holders = append(holders, a.UserID)
		assert.Equal(t, ps.ID, a.PermissionSetID)
	}
	assert.Equal(t, []int64{2}, holders)
	_, err = client.PermissionSets.Get(ctx, "no-such-set")
	assert.True(t, errors.Is(err, pipedrive.ErrNotFound), "%v", err)
}

func TestTeamsAgainstFake(t *testing.T) {
	ctx := context.Background()
	srv, client := adminClient(t)
	closers, err := client.Teams.Create(ctx, &teams.CreateParams{Name: "Closers", Description: "Berlin", ManagerID: 4, UserIDs: []int64{2, 3}})
	require.NoError(t, err)
	assert.True(t, closers.Active)
	assert.Equal(t, []int64{2, 3}, closers.UserIDs)
	coffee, err := client.Teams.Create(ctx, &teams.CreateParams{Name: "Coffee", ManagerID: 7, UserIDs: []int64{3}})
	require.NoError(t, err)

	members, err := client.Teams.AddUsers(ctx, closers.ID, 5, 2)
	require.NoError(t, err)
	assert.Equal(t, []int64{2, 3, 5}, members)
	require.NoError(t, client.Teams.DeleteUsers(ctx, closers.ID, 2))
	members, err = client.Teams.Users(ctx, closers.ID)
	require.NoError(t, err)
	assert.Equal(t, []int64{3, 5}, members)

	up, err := client.Teams.Update(ctx, coffee.ID, &teams.UpdateParams{Name: pipedrive.Ptr("Espresso"), Active: pipedrive.Ptr(false)})
	require.NoError(t, err)
	assert.Equal(t, "Espresso", up.Name)
	assert.False(t, up.Active)

	byName := collectIDs(t, client.Teams.List(ctx, &teams.ListParams{OrderBy: teams.OrderByName}), func(t *teams.Team) int64 { return t.ID })
	assert.Equal(t, []int64{closers.ID, coffee.ID}, byName)
	byManager := collectIDs(t, client.Teams.List(ctx, &teams.ListParams{OrderBy: teams.OrderByManagerID}), func(t *teams.Team) int64 { return t.ID })
	assert.Equal(t, []int64{closers.ID, coffee.ID}, byManager)
	ofUser := collectIDs(t, client.Teams.ListByUser(ctx, 3, nil), func(t *teams.Team) int64 { return t.ID })
	assert.Equal(t, []int64{closers.ID, coffee.ID}, ofUser)
	ofUser = collectIDs(t, client.Teams.ListByUser(ctx, 5, nil), func(t *teams.Team) int64 { return t.ID })
	assert.Equal(t, []int64{closers.ID}, ofUser)

	skipped, err := client.Teams.GetWith(ctx, closers.ID, &teams.GetParams{SkipUsers: true})
	require.NoError(t, err)
	assert.Nil(t, skipped.UserIDs)
	_, err = client.Teams.Get(ctx, 99)
	assert.True(t, errors.Is(err, pipedrive.ErrNotFound), "%v", err)

	// The user's-teams path is not taken for a team's users, nor the
	// reverse, though the mux serves both at one pattern.
	routes := srv.Stats().Routes
	assert.Equal(t, 1, routes["GET /v1/legacyTeams/{id}/users"])
	assert.Equal(t, 2, routes["GET /v1/legacyTeams/user/{id}"])
}

func TestBillingAgainstFake(t *testing.T) {
	ctx := context.Background()
	_, client := adminClient(t)
	var codes []string
	for a, err := range client.Billing.Addons(ctx) {
		require.NoError(t, err)
		codes = append(codes, a.Code)
	}
	assert.True(t, slices.Contains(codes, "leadbooster_v2"), "%v", codes)
	ok, err := client.Billing.HasAddon(ctx, "prospector")
	require.NoError(t, err)
	assert.True(t, ok)
}

// The family's routes are limited and answer with the limit headers like
// every other.
func TestAdminRoutesAreLimited(t *testing.T) {
	// The clock stands still, so the 2-second window never rolls over.
	srv := pipedrivetest.NewServer(t, pipedrivetest.WithRateLimit(2, 0),
		pipedrivetest.WithClock(&adminClock{t: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}))
	send := func(method, path string) *http.Response {
		req, err := http.NewRequest(method, srv.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("X-Api-Token", srv.Token())
		res, err := srv.HTTPClient().Do(req)
		require.NoError(t, err)
		require.NoError(t, res.Body.Close())
		return res
	}
	res := send("GET", "/v1/filters")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "2", res.Header.Get("X-Ratelimit-Limit"))
	assert.Equal(t, "1", res.Header.Get("X-Ratelimit-Remaining"))
	assert.Equal(t, http.StatusOK, send("GET", "/v1/billing/subscriptions/addons").StatusCode)
	assert.Equal(t, http.StatusTooManyRequests, send("GET", "/v1/roles").StatusCode)
	st := srv.Stats()
	assert.Equal(t, 2, st.Admitted)
	assert.Equal(t, 1, st.TooManyRequests)
}
