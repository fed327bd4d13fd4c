package scenarios

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/zopa-go/zopa/model"
)

//go:embed *.json
var files embed.FS

// Names returns the names of the bundled scenarios, sorted.
func Names() []string {
	ents, _ := fs.ReadDir(files, ".")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".json"))
	}
	slices.Sort(out)
	return out
}

// UnknownError reports a scenario name that is not bundled.
type UnknownError struct{ Name string }

func (e *UnknownError) Error() string {
	return fmt.Sprintf("no bundled scenario %q (have %s)", e.Name, strings.Join(Names(), ", "))
}

// Source returns the raw bytes of a bundled scenario file.
func Source(name string) ([]byte, error) {
	if !slices.Contains(Names(), name) {
		return nil, &UnknownError{Name: name}
	}
	return files.ReadFile(name + ".json")
}

// Load decodes a bundled scenario.
func Load(name string) (*model.Space, error) {
	b, err := Source(name)
	if err != nil {
		return nil, err
	}
	s, err := model.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s.json: %w", name, err)
	}
	return s, nil
}
