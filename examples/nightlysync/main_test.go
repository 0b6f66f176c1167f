package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pipedrive-go/pipedrive/deals"
)

// A first run applies everything, a second run from the saved checkpoints
// only what changed in between.
func TestRunResumes(t *testing.T) {
	ctx := context.Background()
	c, err := newClient(ctx)
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(t.TempDir(), "sync.json")
	orgs, people, dls, budget, err := run(ctx, c, state)
	if err != nil || orgs != 50 || people != 200 || dls != 500 || budget != 50000 {
		t.Fatalf("first run: %d %d %d %.0f, %v", orgs, people, dls, budget, err)
	}
	if _, err := c.Deals.Update(ctx, 7, &deals.UpdateParams{Title: "Renamed"}); err != nil {
		t.Fatal(err)
	}
	orgs, people, dls, _, err = run(ctx, c, state)
	if err != nil || orgs != 0 || people != 0 || dls != 1 {
		t.Fatalf("second run: %d %d %d, %v", orgs, people, dls, err)
	}
}
