// Package notes is the typed client of Pipedrive's notes: the HTML notes
// attached to deals, leads, persons, organizations, projects and tasks,
// the comments on them, and the note field definitions.
//
// Reach it through a pipedrive.Client:
//
//	client, err := pipedrive.NewClient(auth.APIToken(token))
//	n, err := client.Notes.Create(ctx, &notes.CreateParams{
//		Content:      "<p>Wants the <b>annual</b> plan.</p>",
//		DealID:       42,
//		PinnedToDeal: pipedrive.Ptr(true),
//	})
//	c, err := client.Notes.AddComment(ctx, n.ID, &notes.CommentParams{Content: "Agreed."})
//	for n, err := range client.Notes.List(ctx, &notes.ListParams{DealID: 42, Sort: notes.SortNewestFirst}) { ... }
//
// Notes exist only in API v1, so every call uses it: lists page by offset
// (ListParams.Start, crm.Page.NextStart), timestamps are v1's, and the
// pinned flags travel as 0/1 (the params take booleans). Every list is an
// iterator that fetches pages lazily; each has a Page variant.
//
// A comment is identified by a UUID (Comment.ID) within its note: the
// comment methods take the note's id and the comment's.
//
// Note and Comment are crm.Note and crm.NoteComment (aliased here), so
// that a webhook receiver decodes notes without linking the client core.
package notes
