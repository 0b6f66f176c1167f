// Package projects reaches Pipedrive's projects: create, read, update,
// archive, delete, list and search projects (with custom fields by name),
// and work with projects boards and their phases, project templates,
// tasks, the project field definitions, and a project's plan, groups,
// tasks and activities. Reach it from the root client as client.Projects.
//
// API v2 is used wherever it has the operation. A project's plan, groups,
// task and activity lists exist only in API v1 and use it; boards and
// phases can also be read through v1 (BoardsV1, PhasesV1), though their
// v2 methods (Boards, Phases) are the ones to use. Every call goes through
// the client core, so it is paced by the client's limiter and retried as
// the core decides.
//
// # Beta
//
// Pipedrive marks much of this API as beta: boards, phases, project field
// definitions, tasks and the project search. Beta operations may change
// or go away without the usual notice; each method that reaches one says
// so in its documentation.
//
// # Boards, phases and tasks
//
// A project sits on a board, in one of the board's phases, and holds
// tasks (which may have subtasks):
//
//	board, err := client.Projects.CreateBoard(ctx, &projects.BoardParams{Name: "Delivery"})
//	phase, err := client.Projects.CreatePhase(ctx, &projects.PhaseParams{Name: "Kick-off", BoardID: board.ID})
//	p, err := client.Projects.Create(ctx, &projects.CreateParams{
//		Title:   "Acme onboarding",
//		BoardID: &board.ID,
//		PhaseID: &phase.ID,
//		CustomFieldsByName: crm.FieldValues{
//			"Category": "Internal", // an option label
//		},
//	})
//	task, err := client.Projects.CreateTask(ctx, &projects.TaskParams{Title: "Send the welcome pack", ProjectID: p.ID})
//
// # Lists
//
// Every list has an iterator that fetches pages as the loop goes, and a
// Page variant for callers who keep cursors themselves:
//
//	for t, err := range client.Projects.Tasks(ctx, &projects.TaskListParams{ProjectID: p.ID}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(t.ID, t.Title, t.IsDone)
//	}
package projects
