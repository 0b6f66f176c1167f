package files_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pipedrive "github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/files"
	"github.com/pipedrive-go/pipedrive/pipedrivetest"
)

// The large-file test moves a file far bigger than the heap budget
// through pipedrivetest both ways and measures the process's heap while
// it does. It is slow (seconds, and 200 MiB of temporary disk), so it
// runs only when asked:
//
//	go test -run TestLargeFile -v ./files/ -args -large   (make large-file)
var (
	large     = flag.Bool("large", false, "run TestLargeFile: a 200 MiB upload and download through pipedrivetest")
	largeSize = flag.Int64("large-size", 200<<20, "TestLargeFile's file size in bytes")
)

// heapBudget is the most heap the client may hold during a transfer.
const heapBudget = 32 << 20

// content is a file of n pseudo-random bytes made as it is read, never
// held in memory.
type content struct {
	n   int64
	rng *rand.ChaCha8
}

func newContent(n int64) *content {
	return &content{n: n, rng: rand.NewChaCha8([32]byte{'p', 'i', 'p', 'e', 'd', 'r', 'i', 'v', 'e'})}
}

func (c *content) Read(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > c.n {
		p = p[:c.n]
	}
	n, _ := c.rng.Read(p)
	c.n -= int64(n)
	return n, nil
}

// heapPeak samples the heap until stop is called and returns the highest
// HeapInuse and HeapAlloc it saw. The whole process is measured, the fake
// server included (it keeps files on disk), so the figures bound the
// client's use from above.
func heapPeak() (stop func() (inuse, alloc uint64)) {
	runtime.GC()
	var (
		mu           sync.Mutex
		inuse, alloc uint64
		done         = make(chan struct{})
		finished     = make(chan struct{})
	)
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		inuse, alloc = max(inuse, ms.HeapInuse), max(alloc, ms.HeapAlloc)
		mu.Unlock()
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			sample()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		<-finished
		sample()
		mu.Lock()
		defer mu.Unlock()
		return inuse, alloc
	}
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

func TestLargeFile(t *testing.T) {
	if !*large {
		t.Skip("a 200 MiB transfer: run with -large (make large-file)")
	}
	ctx := context.Background()
	srv := pipedrivetest.NewServer(t)
	client, err := pipedrive.NewClient(auth.APIToken(srv.Token()), pipedrive.WithBaseURL(srv.URL))
	require.NoError(t, err)
	size := *largeSize

	// Upload: the content is generated as it is read and hashed on the
	// way; Size gives the body a Content-Length.
	sum := sha256.New()
	stop := heapPeak()
	start := time.Now()
	f, err := client.Files.Upload(ctx, &files.UploadParams{
		Content: io.TeeReader(newContent(size), sum), FileName: "large.bin", Size: size,
	})
	upInuse, upAlloc := stop()
	upTook := time.Since(start)
	require.NoError(t, err)
	require.Equal(t, size, f.FileSize)
	want := hex.EncodeToString(sum.Sum(nil))
	stored, ok := srv.StoredFile(f.ID)
	require.True(t, ok)
	require.Equal(t, want, stored.SHA256, "the server stored the bytes sent")

	// Download: the body is hashed as it is read.
	stop = heapPeak()
	start = time.Now()
	d, err := client.Files.Download(ctx, f.ID)
	require.NoError(t, err)
	got := sha256.New()
	n, err := io.Copy(got, d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	downInuse, downAlloc := stop()
	downTook := time.Since(start)
	require.Equal(t, size, n)
	require.Equal(t, want, hex.EncodeToString(got.Sum(nil)), "the downloaded bytes are the uploaded ones")

	t.Logf("file: %d MiB, SHA-256 %s", size>>20, want)
	t.Logf("upload:   peak HeapInuse %.1f MiB, peak HeapAlloc %.1f MiB, %v", mib(upInuse), mib(upAlloc), upTook.Round(time.Millisecond))
	t.Logf("download: peak HeapInuse %.1f MiB, peak HeapAlloc %.1f MiB, %v", mib(downInuse), mib(downAlloc), downTook.Round(time.Millisecond))
	require.Less(t, upInuse, uint64(heapBudget), "upload peak heap")
	require.Less(t, downInuse, uint64(heapBudget), "download peak heap")
}
