// Command releasecheck proves that a release of the repository's modules
// resolves and builds the way users get it: it packs every module of the
// repository (the root and the nested ones, such as
// ratelimit/redisstore) at the version to be tagged into a file-based Go
// module proxy, then builds a scratch module outside the repository that
// requires them through that proxy, with an empty module cache and
// without any replace directive or workspace.
//
//	go run ./internal/releasecheck            # the version in internal/core (core.Version)
//	go run ./internal/releasecheck -version v0.2.0
//
// `make release-check` runs it; RELEASING.md says when.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/core"
)

func main() {
	version := flag.String("version", "v"+core.Version, "the version to check (the tags to be made)")
	keep := flag.Bool("keep", false, "keep the proxy and scratch folders (printed) for inspection")
	flag.Parse()
	start := time.Now()
	if err := run(*version, *keep); err != nil {
		log.Fatalf("release check failed: %v", err)
	}
	fmt.Printf("release check passed for %s in %s\n", *version, time.Since(start).Round(time.Second))
}

type module struct {
	path string // module path
	dir  string // folder, relative to the repository root ("." for the root)
}

func run(version string, keep bool) error {
	root, err := gitOutput(".", "rev-parse", "--show-toplevel")
	if err != nil {
		return err
	}
	root = strings.TrimSpace(root)
	files, err := gitOutput(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	if err != nil {
		return err
	}
	var tracked []string
	for _, f := range strings.Split(files, "\x00") {
		if f != "" {
			if _, err := os.Stat(filepath.Join(root, f)); err == nil {
				tracked = append(tracked, filepath.ToSlash(f))
			}
		}
	}
	mods, err := findModules(root, tracked)
	if err != nil {
		return err
	}
	if err := checkRequires(root, mods, version); err != nil {
		return err
	}

	work, err := os.MkdirTemp("", "releasecheck-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("work folder:", work)
	} else {
		defer os.RemoveAll(work)
	}
	proxy := filepath.Join(work, "proxy")
	for _, m := range mods {
		if err := pack(root, proxy, m, version, mods, tracked); err != nil {
			return fmt.Errorf("packing %s: %w", m.path, err)
		}
		fmt.Printf("packed %s@%s\n", m.path, version)
	}
	return buildScratch(work, proxy, mods, version)
}

func gitOutput(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return out.String(), nil
}

func findModules(root string, files []string) ([]module, error) {
	var mods []module
	for _, f := range files {
		if path.Base(f) != "go.mod" {
			continue
		}
		dir := path.Dir(f)
		if strings.HasPrefix(dir, "internal/") || strings.Contains(dir, "/testdata") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return nil, err
		}
		mp := modulePath(b)
		if mp == "" {
			return nil, fmt.Errorf("%s: no module line", f)
		}
		mods = append(mods, module{path: mp, dir: dir})
	}
	if len(mods) == 0 {
		return nil, errors.New("no go.mod found")
	}
	sort.Slice(mods, func(i, j int) bool { return len(mods[i].dir) < len(mods[j].dir) })
	return mods, nil
}

func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

// checkRequires fails when a nested module requires another module of the
// repository at a version other than the one being released: users'
// builds ignore the replace directive that local development uses.
func checkRequires(root string, mods []module, version string) error {
	for _, m := range mods {
		b, err := os.ReadFile(filepath.Join(root, m.dir, "go.mod"))
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
			if len(f) < 2 {
				continue
			}
			for _, other := range mods {
				if other.path == m.path || f[0] != other.path {
					continue
				}
				if f[1] != version {
					return fmt.Errorf("%s requires %s %s, but the release is %s: require the version being tagged (see RELEASING.md)", m.path, other.path, f[1], version)
				}
			}
		}
	}
	return nil
}

// pack writes module m at version into the file proxy: list, .info, .mod
// and a module zip of its files (those of nested modules left out).
func pack(root, proxy string, m module, version string, mods []module, files []string) error {
	dir := filepath.Join(proxy, escape(m.path), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(root, m.dir, "go.mod"))
	if err != nil {
		return err
	}
	info, _ := json.Marshal(map[string]string{"Version": version, "Time": time.Now().UTC().Format(time.RFC3339)})
	for name, data := range map[string][]byte{"list": []byte(version + "\n"), version + ".info": info, version + ".mod": gomod} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	zf, err := os.Create(filepath.Join(dir, version+".zip"))
	if err != nil {
		return err
	}
	defer zf.Close()
	zw := zip.NewWriter(zf)
	prefix := m.path + "@" + version + "/"
	n := 0
	for _, f := range files {
		rel, ok := within(m.dir, f)
		if !ok || inNested(m, mods, f) {
			continue
		}
		w, err := zw.Create(prefix + rel)
		if err != nil {
			return err
		}
		src, err := os.Open(filepath.Join(root, f))
		if err != nil {
			return err
		}
		_, err = io.Copy(w, src)
		src.Close()
		if err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return errors.New("no files")
	}
	return zw.Close()
}

func within(dir, f string) (string, bool) {
	if dir == "." {
		return f, true
	}
	if strings.HasPrefix(f, dir+"/") {
		return strings.TrimPrefix(f, dir+"/"), true
	}
	return "", false
}

// inNested reports whether f belongs to a module nested inside m.
func inNested(m module, mods []module, f string) bool {
	for _, o := range mods {
		if o.dir == m.dir {
			continue
		}
		if _, ok := within(m.dir, o.dir); (ok || m.dir == ".") && strings.HasPrefix(f, o.dir+"/") {
			return true
		}
	}
	return false
}

// escape is the module proxy's case encoding of a path.
func escape(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('!')
			b.WriteRune(r + ('a' - 'A'))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

const scratchMain = `package main

import (
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/pipedrive-go/pipedrive"
	"github.com/pipedrive-go/pipedrive/auth"
	"github.com/pipedrive-go/pipedrive/ratelimit"
	"github.com/pipedrive-go/pipedrive/ratelimit/redisstore"
)

func main() {
	store, err := redisstore.New(redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}))
	if err != nil {
		panic(err)
	}
	lim, err := ratelimit.New(ratelimit.WithStore(store))
	if err != nil {
		panic(err)
	}
	c, err := pipedrive.NewClient(auth.APIToken("x"), pipedrive.WithLimiter(lim))
	if err != nil {
		panic(err)
	}
	fmt.Println(pipedrive.Version, c.BaseURL())
}
`

// buildScratch builds a module outside the repository that requires the
// released modules through the file proxy (and everything else through
// the usual proxy), with a fresh module cache.
func buildScratch(work, proxy string, mods []module, version string) error {
	dir := filepath.Join(work, "scratch")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/releasecheck\n\ngo 1.25\n"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(scratchMain), 0o644); err != nil {
		return err
	}
	upstream := os.Getenv("GOPROXY")
	if upstream == "" {
		out, _ := exec.Command("go", "env", "GOPROXY").Output()
		upstream = strings.TrimSpace(string(out))
	}
	env := append(os.Environ(),
		"GOPROXY=file://"+filepath.ToSlash(proxy)+","+upstream,
		"GONOSUMDB=github.com/pipedrive-go",
		"GOFLAGS=-mod=mod -modcacherw",
		"GOWORK=off",
		"GOMODCACHE="+filepath.Join(work, "modcache"),
	)
	steps := [][]string{}
	for _, m := range mods {
		steps = append(steps, []string{"go", "get", m.path + "@" + version})
	}
	steps = append(steps, []string{"go", "mod", "tidy"}, []string{"go", "build", "./..."}, []string{"go", "vet", "./..."}, []string{"go", "run", "."})
	for _, s := range steps {
		cmd := exec.Command(s[0], s[1:]...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %v\n%s", strings.Join(s, " "), err, out)
		}
		fmt.Printf("ok: %s\n", strings.Join(s, " "))
		if s[1] == "run" {
			fmt.Printf("   printed: %s", out)
		}
	}
	cmd := exec.Command("go", "list", "-m", "all")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go list -m all: %v\n%s", err, out)
	}
	for _, m := range mods {
		if !strings.Contains(string(out), m.path+" "+version) {
			return fmt.Errorf("the scratch module did not resolve %s %s:\n%s", m.path, version, out)
		}
	}
	return nil
}
