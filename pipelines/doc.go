// Package pipelines reaches Pipedrive's pipelines and their stages:
// create, read, update, delete and list them (API v2), list the deals of
// a pipeline or a stage, total a pipeline's deals per stage, and read a
// pipeline's conversion and movement statistics (API v1, which alone has
// them). Reach it from the root client as client.Pipelines.
//
// Deals are created in a pipeline's stage (deals.CreateParams.StageID),
// so integrations usually look the stages up by name first:
//
//	for st, err := range client.Pipelines.Stages(ctx, &pipelines.StageListParams{PipelineID: 1}) {
//		if err != nil {
//			return err
//		}
//		if st.Name == "Proposal Made" {
//			proposal = st.ID
//		}
//	}
//
// Statistics cover a period of calendar dates:
//
//	stats, err := client.Pipelines.ConversionStatistics(ctx, 1, &pipelines.StatisticsParams{
//		StartDate: crm.NewDate(2025, time.January, 1),
//		EndDate:   crm.NewDate(2025, time.March, 31),
//	})
//
// Every call goes through the client core, so it is paced by the
// client's limiter and retried as the core decides.
package pipelines
