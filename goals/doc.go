// Package goals is the typed client of Pipedrive's goals: targets for
// deals won, started or progressed, activities added or completed, or the
// revenue forecast, over weekly to yearly intervals, assigned to a user, a
// team or the whole company.
//
//	g, err := client.Goals.Create(ctx, &goals.CreateParams{
//		Title:           "Q3 new business",
//		Assignee:        goals.Assignee{ID: userID, Type: goals.AssigneePerson},
//		Type:            goals.GoalType{Name: goals.DealsWon, Params: goals.TypeParams{PipelineIDs: []int64{1}}},
//		ExpectedOutcome: goals.Outcome{Target: 50000, TrackingMetric: goals.BySum, CurrencyID: pipedrive.Ptr[int64](1)},
//		Duration:        goals.Duration{Start: crm.NewDate(2026, 7, 1), End: crm.NewDate(2026, 9, 30)},
//		Interval:        goals.Quarterly,
//	})
//	res, err := client.Goals.Results(ctx, g.ID, &goals.ResultParams{
//		PeriodStart: crm.NewDate(2026, 7, 1), PeriodEnd: crm.NewDate(2026, 9, 30)})
//	fmt.Println(res.Progress, "of", g.ExpectedOutcome.Target)
//
// Goal ids are strings (32 hex characters). List finds goals by any of
// their properties. Goal is crm.Goal (aliased here), like the other models.
package goals
