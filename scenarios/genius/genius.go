package genius

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/zopa-go/zopa/model"
)

// Options configure an import. The zero value and nil mean the defaults.
type Options struct {
	// RealLevels is the number of evenly spaced values, both bounds
	// included, that each real-valued Genius issue is discretised into. It
	// must be at least 2 when the domain has a real issue; 0, the default,
	// makes a real issue an error.
	RealLevels int
}

// File is one input document: its name (the file name, which names the
// party when the profile does not, and locates errors) and its bytes.
type File struct {
	Name string
	Data []byte
}

// Result is an imported scenario.
type Result struct {
	// Space is the scenario, validated: one party per profile, in the
	// profiles' order.
	Space *model.Space
	// Warnings are one-line notes about what the import could not carry
	// over exactly (discount factors, weights that do not sum to 1, values
	// without an evaluation, …), in the order they were found.
	Warnings []string
}

// Import reads a domain and its profiles: Genius XML (a domain template and
// utility_space profiles, additive or non-linear) or GeniusWeb JSON (a
// domain and LinearAdditiveUtilitySpace profiles; domain.Data may be empty,
// and the first profile's embedded domain is then used).
func Import(dom File, profiles []File, o *Options) (*Result, error) {
	if o == nil {
		o = &Options{}
	}
	if o.RealLevels < 0 || o.RealLevels > model.MaxLevels {
		return nil, fmt.Errorf("real levels %d: want 0 (no real issues) or 2 to %d", o.RealLevels, model.MaxLevels)
	}
	if len(profiles) == 0 {
		return nil, &Error{File: dom.Name, Msg: "no profiles: give one profile file per party"}
	}
	for _, f := range append([]File{dom}, profiles...) {
		if len(f.Data) > MaxFileSize {
			return nil, &Error{File: f.Name, Msg: fmt.Sprintf("larger than %d MiB", MaxFileSize>>20)}
		}
	}
	res := &Result{}
	warn := func(s string) { res.Warnings = append(res.Warnings, s) }
	var d *domain
	var ps []*party
	switch formatOf(dom.Data, profiles) {
	case '<':
		root, err := parseXML(dom.Name, dom.Data)
		if err != nil {
			return nil, err
		}
		if d, err = xmlDomain(dom.Name, root, o); err != nil {
			return nil, err
		}
		for _, f := range profiles {
			root, err := parseXML(f.Name, f.Data)
			if err != nil {
				return nil, err
			}
			p, err := xmlProfile(f.Name, root, d, warn)
			if err != nil {
				return nil, err
			}
			ps = append(ps, p)
		}
	case '{':
		roots := make([]*jnode, len(profiles))
		for i, f := range profiles {
			n, err := parseJSON(f.Name, f.Data)
			if err != nil {
				return nil, err
			}
			roots[i] = n
		}
		if len(bytes.TrimSpace(dom.Data)) > 0 {
			n, err := parseJSON(dom.Name, dom.Data)
			if err != nil {
				return nil, err
			}
			if n.get("issuesValues") == nil && len(n.obj) == 1 && n.obj[0].val.get("domain") != nil {
				n = n.obj[0].val.get("domain") // a profile named as the domain: its embedded one
			}
			if d, err = webDomain(dom.Name, n); err != nil {
				return nil, err
			}
		} else {
			own := roots[0]
			if len(own.obj) == 1 {
				own = own.obj[0].val.get("domain")
			}
			if own == nil {
				return nil, &Error{File: profiles[0].Name, Msg: "no domain file and no domain in the profile"}
			}
			var err error
			if d, err = webDomain(profiles[0].Name, own); err != nil {
				return nil, err
			}
		}
		for i, f := range profiles {
			p, err := webProfile(f.Name, roots[i], d, warn)
			if err != nil {
				return nil, err
			}
			ps = append(ps, p)
		}
	default:
		return nil, &Error{File: dom.Name, Msg: "neither Genius XML nor GeniusWeb JSON"}
	}
	s, err := build(d, ps, warn)
	if err != nil {
		return nil, err
	}
	res.Space = s
	return res, nil
}

// formatOf returns '<' for XML, '{' for JSON, judging by the first
// non-space byte of the domain (or of the first profile when the domain is
// empty), a byte-order mark skipped.
func formatOf(dom []byte, profiles []File) byte {
	data := dom
	if len(bytes.TrimSpace(data)) == 0 && len(profiles) > 0 {
		data = profiles[0].Data
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return 0
	}
	return data[0]
}

// Load imports a domain file and its profile files (see Import). When
// domainPath is a directory, it is LoadDir with the given profiles ignored.
func Load(domainPath string, profilePaths []string, o *Options) (*Result, error) {
	if fi, err := os.Stat(domainPath); err == nil && fi.IsDir() {
		return LoadDir(domainPath, o)
	}
	dom, err := readFile(domainPath)
	if err != nil {
		return nil, err
	}
	var ps []File
	for _, p := range profilePaths {
		f, err := readFile(p)
		if err != nil {
			return nil, err
		}
		ps = append(ps, f)
	}
	return Import(dom, ps, o)
}

// LoadDir imports a domain folder as the Genius and GeniusWeb distributions
// lay them out: one domain file (XML whose root is negotiation_template,
// else the XML file whose name contains "domain"; or JSON with
// issuesValues) and one profile file per party, taken in natural name order
// (prof2 before prof10). Other files are ignored.
func LoadDir(dir string, o *Options) (*Result, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var xmls, jsons []File
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".xml" && ext != ".json") {
			continue
		}
		f, err := readFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if ext == ".xml" {
			xmls = append(xmls, f)
		} else {
			jsons = append(jsons, f)
		}
	}
	byName := func(a, b File) int { return naturalCompare(a.Name, b.Name) }
	slices.SortFunc(xmls, byName)
	slices.SortFunc(jsons, byName)
	switch {
	case len(xmls) > 0 && len(jsons) == 0:
		return importXMLDir(dir, xmls, o)
	case len(jsons) > 0 && len(xmls) == 0:
		return importWebDir(dir, jsons, o)
	case len(xmls) > 0:
		return nil, &Error{File: dir, Msg: "the folder holds both XML and JSON files: name the domain and profiles (-profiles)"}
	}
	return nil, &Error{File: dir, Msg: "no .xml or .json files"}
}

func importXMLDir(dir string, files []File, o *Options) (*Result, error) {
	var doms, named, profiles []File
	for _, f := range files {
		root, err := parseXML(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		switch {
		case root.name == "negotiation_template":
			doms = append(doms, f)
		case strings.Contains(strings.ToLower(baseName(f.Name)), "domain"):
			named = append(named, f)
		default:
			profiles = append(profiles, f)
		}
	}
	if len(doms) == 0 {
		doms, named = named, nil
	}
	profiles = append(profiles, named...)
	slices.SortFunc(profiles, func(a, b File) int { return naturalCompare(a.Name, b.Name) })
	if len(doms) != 1 {
		return nil, &Error{File: dir, Msg: fmt.Sprintf("want exactly one domain file (root <negotiation_template>), found %d: name it with -scenario and the profiles with -profiles", len(doms))}
	}
	return Import(doms[0], profiles, o)
}

func importWebDir(dir string, files []File, o *Options) (*Result, error) {
	var dom File
	var profiles []File
	for _, f := range files {
		n, err := parseJSON(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		switch {
		case n.get("issuesValues") != nil:
			if dom.Name != "" {
				return nil, &Error{File: dir, Msg: "two domain files (" + dom.Name + ", " + f.Name + "): name one with -scenario"}
			}
			dom = f
		case len(n.obj) == 1 && n.obj[0].val.kind == 'o':
			profiles = append(profiles, f)
		}
	}
	if dom.Name == "" {
		dom.Name = dir
	}
	return Import(dom, profiles, o)
}

// readFile reads at most MaxFileSize bytes of a file.
func readFile(path string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return File{}, err
	}
	if len(data) > MaxFileSize {
		return File{}, &Error{File: path, Msg: fmt.Sprintf("larger than %d MiB", MaxFileSize>>20)}
	}
	return File{Name: path, Data: data}, nil
}

// naturalCompare orders names with their digit runs compared as numbers,
// so that prof2 comes before prof10.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitPrefix(a), digitPrefix(b)
		if da != "" && db != "" {
			na, nb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digitPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// IsGenius reports whether path looks like a Genius or GeniusWeb input
// rather than a zopa scenario file: a directory, an XML file, or a JSON
// file with a GeniusWeb domain or profile at its top level.
func IsGenius(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	if fi.IsDir() || strings.EqualFold(filepath.Ext(path), ".xml") {
		return true
	}
	f, err := readFile(path)
	if err != nil {
		return false
	}
	n, err := parseJSON(path, f.Data)
	if err != nil {
		return false
	}
	return n.get("issuesValues") != nil || n.get("LinearAdditiveUtilitySpace") != nil
}
