package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
)

const gdata = "../../scenarios/genius/testdata"

// TestHelp: -h prints the usage on stdout, every flag included, and exits 0.
func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		code, out, stderr := runArgs(arg)
		if code != 0 || stderr != "" {
			t.Errorf("%s: exit %d, stderr %q", arg, code, stderr)
		}
		for _, want := range []string{"Usage: analyze -scenario", "-profiles", "-convert", "-real-levels", "-negotiable", "Exit status"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: usage lacks %q:\n%s", arg, want, out)
			}
		}
	}
}

// TestGeniusInput analyses a Genius domain given as files and as a folder,
// and a GeniusWeb one: the same report either way, the import's warnings first in the report's.
func TestGeniusInput(t *testing.T) {
	dom := filepath.Join(gdata, "lunch", "lunch_domain.xml")
	profs := filepath.Join(gdata, "lunch", "lunch_alice.xml") + "," + filepath.Join(gdata, "lunch", "lunch_bob.xml")
	code, files, stderr := runArgs("-scenario", dom, "-profiles", profs, "-format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr %q: want nothing (the import's warnings are in the report)", stderr)
	}
	code, dir, _ := runArgs("-scenario", filepath.Join(gdata, "lunch"), "-format", "json")
	if code != 0 || dir != files {
		t.Errorf("a domain folder gives another report than its files (exit %d)", code)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(files), &r); err != nil || r["scenario"] != "team_lunch" || r["feasible"] != true {
		t.Errorf("report %v %v: %v", r["scenario"], r["feasible"], err)
	}
	// G1: the importer's warnings come first in the report's warnings.
	if ws, _ := r["warnings"].([]any); len(ws) == 0 || !strings.Contains(fmt.Sprint(ws[0]), "discount factor 0.8 ignored") {
		t.Errorf("warnings %v: want the discount warning first", r["warnings"])
	}
	if code, _, stderr := runArgs("-scenario", filepath.Join(gdata, "webtrip")); code != 0 {
		t.Errorf("GeniusWeb folder: exit %d: %s", code, stderr)
	}
	code, _, stderr = runArgs("-scenario", filepath.Join(gdata, "real"))
	if code != 2 || !strings.Contains(stderr, "-real-levels") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("real issue without -real-levels: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runArgs("-scenario", filepath.Join(gdata, "real"), "-real-levels", "5"); code != 0 {
		t.Errorf("-real-levels 5: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runArgs("-scenario", dom, "-real-levels", "1"); code != 2 || stderr != "analyze: -real-levels 1: want 2 to 100000\n" {
		t.Errorf("-real-levels 1: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runArgs("-scenario", dom); code != 2 || !strings.Contains(stderr, "no profiles") {
		t.Errorf("a domain without profiles: exit %d, %q", code, stderr)
	}
}

// TestConvert: -convert writes a scenario file that decodes, round-trips,
// and analyses to the same report as the Genius files themselves.
func TestConvert(t *testing.T) {
	dir := filepath.Join(gdata, "cubes")
	code, out, stderr := runArgs("-scenario", dir, "-convert")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s, err := model.Decode(strings.NewReader(out))
	if err != nil {
		t.Fatalf("converted scenario: %v\n%s", err, out)
	}
	var again bytes.Buffer
	s.Encode(&again)
	if again.String() != out {
		t.Errorf("the converted file changes when decoded and written again")
	}
	file := filepath.Join(t.TempDir(), "cubes.json")
	writeFile(t, file, out)
	_, a, _ := runArgs("-scenario", dir, "-format", "json")
	_, b, _ := runArgs("-scenario", file, "-format", "json")
	// The same report, except that the folder's also begins with the
	// import's warnings.
	var ra, rb map[string]any
	if err := json.Unmarshal([]byte(a), &ra); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b), &rb); err != nil {
		t.Fatal(err)
	}
	wa, wb := ra["warnings"].([]any), rb["warnings"].([]any)
	if len(wa) < len(wb) || !cmp.Equal(wa[len(wa)-len(wb):], wb) {
		t.Errorf("warnings %v of the folder do not end with the file's %v", wa, wb)
	}
	delete(ra, "warnings")
	delete(rb, "warnings")
	if diff := cmp.Diff(ra, rb); diff != "" {
		t.Errorf("the converted file analyses differently from the Genius folder (-folder +file):\n%s", diff)
	}
	// -convert also normalises a zopa scenario file.
	if code, out, _ := runArgs("-scenario", "ukraine2025", "-convert"); code != 0 || !strings.Contains(out, `"format": "zopa/v1"`) {
		t.Errorf("-convert of a bundled scenario: exit %d", code)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
