// Package files is the typed client of Pipedrive's files: files uploaded
// to deals, persons, organizations, products, activities, leads and
// projects, their content, and Google Drive documents linked to deals,
// persons and organizations.
//
// Reach it through a pipedrive.Client:
//
//	client, err := pipedrive.NewClient(auth.APIToken(token))
//	f, err := os.Open("offer.pdf")
//	file, err := client.Files.Upload(ctx, &files.UploadParams{
//		Content: f, FileName: "offer.pdf", DealID: 42,
//	})
//	body, err := client.Files.Download(ctx, file.ID)
//	defer body.Close()
//	_, err = io.Copy(dst, body)
//	for file, err := range client.Files.List(ctx, &files.ListParams{Sort: files.SortByUpdateTime + " DESC"}) { ... }
//
// # Large files
//
// Upload streams the content from an io.Reader as a multipart body: it
// never holds the file in memory, whatever its size. It carries a
// Content-Length when the size is known (UploadParams.Size, or a reader
// that can tell it, such as an *os.File) and is sent chunked otherwise.
// An upload is a POST: once its outcome is unknown (the connection broke
// after the body was sent, or a 5xx came back) it is never sent again,
// and the error matches pipedrive.ErrOutcomeUnknown; after a 429, which
// Pipedrive did not execute, it is sent again only when the reader is an
// io.Seeker that can be rewound.
//
// Download returns the content as an io.ReadCloser that the caller reads
// and closes: it is not buffered and never decoded as JSON. It is paced
// and counted as a read, and retried (after a 429, a 5xx or a broken
// connection) only before its body starts. A download larger than the
// client's limit (pipedrive.WithMaxDownloadBytes) fails when the read
// passes it, with an error matching pipedrive.ErrResponseTooLarge.
//
// Files exist only in API v1: lists page by offset (ListParams.Start,
// crm.Page.NextStart, at most 100 a page). The files of one deal, person,
// organization or product are listed by those services
// (client.Deals.Files).
//
// File is crm.File (aliased here), so that code that only reads files does
// not link the client core.
package files
