package files_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/deals"
	"github.com/pipedrive-go/pipedrive/files"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// exampleClient returns a client on a fake Pipedrive (package
// pipedrivetest) holding one deal, so the examples run without an
// account. Real code builds its client with
// pipedrive.NewClient(auth.APIToken(token)).
func exampleClient() (*pipedrive.Client, int64, func()) {
	srv, err := pipedrivetest.Start()
	if err != nil {
		log.Fatal(err)
	}
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	d, err := client.Deals.Create(context.Background(), &deals.CreateParams{Title: "Acme renewal"})
	if err != nil {
		log.Fatal(err)
	}
	return client, d.ID, srv.Close
}

func ExampleService_Upload() {
	client, dealID, done := exampleClient()
	defer done()

	// Any io.Reader is streamed: an *os.File from os.Open is typical.
	content := strings.NewReader("%PDF-1.7 ...")
	f, err := client.Files.Upload(context.Background(), &files.UploadParams{
		Content:  content,
		FileName: "offer.pdf",
		DealID:   dealID,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Name, f.FileType, f.FileSize, f.DealName)
	// Output: offer.pdf pdf 12 Acme renewal
}

func ExampleService_List() {
	client, dealID, done := exampleClient()
	defer done()
	ctx := context.Background()
	for _, name := range []string{"offer.pdf", "contract.docx", "logo.png"} {
		if _, err := client.Files.Upload(ctx, &files.UploadParams{Content: strings.NewReader(name), FileName: name, DealID: dealID}); err != nil {
			log.Fatal(err)
		}
	}

	// Pages (by offset) are fetched as the loop goes.
	for f, err := range client.Files.List(ctx, &files.ListParams{Sort: files.SortByID + " DESC", Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(f.ID, f.Name, f.FileType)
	}
	// Output:
	// 3 logo.png img
	// 2 contract.docx doc
	// 1 offer.pdf pdf
}

func ExampleService_Download() {
	client, dealID, done := exampleClient()
	defer done()
	ctx := context.Background()
	f, err := client.Files.Upload(ctx, &files.UploadParams{Content: strings.NewReader("Dear Acme, ..."), FileName: "letter.txt", DealID: dealID})
	if err != nil {
		log.Fatal(err)
	}

	d, err := client.Files.Download(ctx, f.ID)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	// Copy it where it goes (an *os.File, an HTTP response...): it is
	// streamed, never held in memory whole.
	var dst strings.Builder
	n, err := io.Copy(&dst, d)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.FileName, n, dst.String())
	// Output: letter.txt 14 Dear Acme, ...
}
