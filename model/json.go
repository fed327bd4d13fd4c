package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxDocumentSize bounds a scenario document in bytes.
const MaxDocumentSize = 64 << 20

// Load reads and validates a scenario file. Errors name the file.
func Load(path string) (*Space, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Decode reads and validates one scenario document. Unknown fields, wrong
// types and every validation problem are reported together as an
// ErrorList, each located by JSON path (and column inside expressions); a
// JSON syntax error is located by line and column.
func Decode(r io.Reader) (*Space, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDocumentSize {
		return nil, ErrorList{{Msg: fmt.Sprintf("document larger than %d bytes", MaxDocumentSize)}}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte-order mark, as some editors write
	if err := checkText(data); err != nil {
		return nil, ErrorList{err}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, ErrorList{syntaxError(data, err, dec.InputOffset())}
	}
	if rest := bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		// +1: syntaxError takes the count of bytes read, the offending one included.
		return nil, ErrorList{syntaxError(data, errors.New("data after the document"), int64(len(data)-len(rest))+1)}
	}
	d := &decoder{s: &Space{exprPos: map[Expr]positions{}}, sugg: newSuggester()}
	d.errs = duplicateKeys(data) // reported first: the tree kept only the last of each
	d.document(tree)
	if len(d.errs) == 0 {
		if err := d.s.Validate(); err != nil {
			d.errs = append(d.errs, err.(ErrorList)...)
		}
	}
	if len(d.errs) > 0 {
		d.errs = slices.DeleteFunc(d.errs, func(e *Error) bool {
			f, ok := strings.CutPrefix(e.Msg, "missing field ")
			return ok && d.meant[e.Path+"\x00"+strings.Trim(f, `"`)]
		})
		d.s.annotate(d.errs)
		sortByDocument(data, d.errs)
		return nil, d.errs
	}
	return d.s, nil
}

// checkText rejects a document that is not UTF-8 text: invalid UTF-8
// bytes, or a \u escape of half a surrogate pair (encoding/json would
// silently turn either into U+FFFD).
func checkText(data []byte) *Error {
	at := func(off int, msg string) *Error {
		line := 1 + bytes.Count(data[:off], []byte("\n"))
		return &Error{Line: line, Col: off - bytes.LastIndexByte(data[:off], '\n'), Msg: msg}
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return at(off, fmt.Sprintf("invalid UTF-8 (byte 0x%02x): a scenario must be UTF-8 text", data[off]))
	}
	// Surrogate escapes: only inside strings, and only when not escaped
	// themselves (\\ud800 is a backslash and "ud800").
	for i := 0; i+1 < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		if data[i+1] != 'u' {
			i++ // skip the escaped character (it may be a backslash)
			continue
		}
		r1 := hex4(data, i+2)
		switch {
		case r1 >= 0xd800 && r1 < 0xdc00:
			if j := i + 6; j+1 < len(data) && data[j] == '\\' && data[j+1] == 'u' {
				if r2 := hex4(data, j+2); r2 >= 0xdc00 && r2 < 0xe000 {
					i = j + 5
					continue
				}
			}
			return at(i, fmt.Sprintf("invalid UTF-8: %s escapes half a surrogate pair", data[i:i+6]))
		case r1 >= 0xdc00 && r1 < 0xe000:
			return at(i, fmt.Sprintf("invalid UTF-8: %s escapes half a surrogate pair", data[i:i+6]))
		}
		i += 5
	}
	return nil
}

// hex4 reads four hex digits at data[i:], or returns -1.
func hex4(data []byte, i int) int {
	if i+4 > len(data) {
		return -1
	}
	n, err := strconv.ParseUint(string(data[i:i+4]), 16, 16)
	if err != nil {
		return -1
	}
	return int(n)
}

func syntaxError(data []byte, err error, off int64) *Error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if err == io.EOF {
		err = errors.New("empty document")
	}
	if errors.Is(err, io.ErrUnexpectedEOF) { // the document stops early: locate its end
		off = int64(len(data)) + 1
	}
	// Offsets count the bytes read, the offending one included.
	off = min(max(off-1, 0), int64(len(data)))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return &Error{Line: line, Col: col, Msg: err.Error()}
}

type decoder struct {
	s    *Space
	errs ErrorList
	sugg *suggester
	// meant records, for each object path, the fields that an unknown
	// field there was suggested to be: their "missing field" errors are
	// left out (one misspelling, one error).
	meant map[string]bool
}

func (d *decoder) fail(path, format string, args ...any) {
	d.errs.Add(path, 0, format, args...)
}

// object checks that v is an object with only the allowed fields.
func (d *decoder) object(path string, v any, allowed ...string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		d.fail(path, "want an object, got %s", jsonType(v))
		return nil
	}
	for _, k := range sortedKeys(m) {
		if !slices.Contains(allowed, k) {
			c := d.sugg.closest(k, allowed)
			if c == "" {
				d.fail(path, "unknown field %q", k)
				continue
			}
			d.fail(path, "unknown field %q; did you mean %q?", k, c)
			if _, ok := m[c]; !ok {
				if d.meant == nil {
					d.meant = map[string]bool{}
				}
				d.meant[path+"\x00"+c] = true
			}
		}
	}
	return m
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// jpath appends field k to a JSON path: path.k, or path["k"] (quoted, so
// that the path stays one line and unambiguous) when k is not a plain
// identifier.
func jpath(path, k string) string {
	if !plainKey(k) {
		return path + "[" + strconv.Quote(k) + "]"
	}
	if path == "" {
		return k
	}
	return path + "." + k
}

// plainKey reports whether k is a letter or _ followed by letters, digits
// and _ (ASCII).
func plainKey(k string) bool {
	for i, c := range []byte(k) {
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return k != ""
}

func (d *decoder) str(m map[string]any, path, k string) string {
	v, ok := m[k]
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		d.fail(jpath(path, k), "want a string, got %s", jsonType(v))
	}
	return s
}

func (d *decoder) array(m map[string]any, path, k string) []any {
	v, ok := m[k]
	if !ok {
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		d.fail(jpath(path, k), "want an array, got %s", jsonType(v))
	}
	return a
}

func (d *decoder) integer(path string, v any) int64 {
	n, ok := v.(json.Number)
	if !ok {
		d.fail(path, "want an integer, got %s", jsonType(v))
		return 0
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		d.fail(path, "want a 64-bit integer, got %s", n)
	}
	return i
}

func (d *decoder) number(path string, v any) float64 {
	n, ok := v.(json.Number)
	if !ok {
		d.fail(path, "want a number, got %s", jsonType(v))
		return 0
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) {
		d.fail(path, "number %s out of range", n)
	}
	return f
}

func (d *decoder) expr(path string, v any) Expr {
	src, ok := v.(string)
	if !ok {
		d.fail(path, "want an expression string, got %s", jsonType(v))
		return nil
	}
	e, pos, err := parseExpr(src)
	if err != nil {
		var ee *ExprError
		errors.As(err, &ee)
		d.errs = append(d.errs, &Error{Path: path, Col: ee.Col, Msg: ee.Msg})
		return nil
	}
	d.s.exprPos[e] = pos
	return e
}

func (d *decoder) document(tree any) {
	m := d.object("", tree, "format", "name", "title", "description", "sources", "phases", "issues", "rules", "parties", "proposals")
	if m == nil {
		return
	}
	s := d.s
	if v, ok := m["format"]; ok && v != Format {
		d.fail("format", "want %q, got %v", Format, v)
	}
	if _, ok := m["name"]; !ok {
		d.fail("", "missing field \"name\"")
	}
	if _, ok := m["issues"]; !ok {
		d.fail("", "missing field \"issues\"")
	}
	s.Name = d.str(m, "", "name")
	s.Title = d.str(m, "", "title")
	s.Description = d.str(m, "", "description")
	for i, v := range d.array(m, "", "sources") {
		p := fmt.Sprintf("sources[%d]", i)
		o := d.object(p, v, "id", "title", "date", "url")
		s.Sources = append(s.Sources, Source{ID: d.str(o, p, "id"), Title: d.str(o, p, "title"), Date: d.str(o, p, "date"), URL: d.str(o, p, "url")})
	}
	if v, ok := m["phases"]; ok {
		n := len(d.errs)
		k := d.integer("phases", v)
		switch {
		case len(d.errs) > n: // not an integer, reported
		case k < 1 || k > MaxPhases:
			d.fail("phases", "phases must be an integer from 1 to %d, got %d", MaxPhases, k)
		default:
			s.Phases = int(k)
		}
	}
	for i, v := range d.array(m, "", "issues") {
		s.Issues = append(s.Issues, d.issue(fmt.Sprintf("issues[%d]", i), v))
	}
	for i, v := range d.array(m, "", "rules") {
		p := fmt.Sprintf("rules[%d]", i)
		o := d.object(p, v, "id", "require", "note", "source")
		if o == nil {
			continue
		}
		r := Constraint{ID: d.str(o, p, "id"), Note: d.str(o, p, "note"), Source: d.str(o, p, "source")}
		if x, ok := o["require"]; ok {
			r.Require = d.expr(p+".require", x)
		} else {
			d.fail(p, "missing field \"require\"")
		}
		s.Rules = append(s.Rules, r)
	}
	for i, v := range d.array(m, "", "parties") {
		s.Parties = append(s.Parties, d.party(fmt.Sprintf("parties[%d]", i), v))
	}
	for i, v := range d.array(m, "", "proposals") {
		p := fmt.Sprintf("proposals[%d]", i)
		o := d.object(p, v, "id", "by", "title", "note", "source", "package")
		if o == nil {
			continue
		}
		pr := Proposal{ID: d.str(o, p, "id"), By: d.str(o, p, "by"), Title: d.str(o, p, "title"),
			Note: d.str(o, p, "note"), Source: d.str(o, p, "source"), Package: Package{}}
		if pv, ok := o["package"]; ok {
			pm, ok := pv.(map[string]any)
			if !ok {
				d.fail(p+".package", "want an object, got %s", jsonType(pv))
			}
			for _, k := range sortedKeys(pm) {
				if val, ok := d.value(jpath(p+".package", k), pm[k]); ok {
					if is := s.Issue(k); is != nil {
						val = is.Coerce(val)
					}
					pr.Package[k] = val
				}
			}
		} else {
			d.fail(p, "missing field \"package\"")
		}
		s.Proposals = append(s.Proposals, pr)
	}
}

func (d *decoder) value(path string, v any) (Value, bool) {
	switch x := v.(type) {
	case bool:
		return BoolValue(x), true
	case string:
		return OptionValue(x), true
	case json.Number:
		return IntValue(d.integer(path, x)), true
	}
	d.fail(path, "want a boolean, string or integer, got %s", jsonType(v))
	return Value{}, false
}

func (d *decoder) issue(p string, v any) Issue {
	o := d.object(p, v, "id", "type", "label", "options", "values", "min", "max", "step")
	if o == nil {
		return Issue{}
	}
	is := Issue{ID: d.str(o, p, "id"), Label: d.str(o, p, "label")}
	typ := d.str(o, p, "type")
	allowed := map[string][]string{"bool": {}, "choice": {"options"}, "int": {"values", "min", "max", "step"}, "step": {}}
	for _, k := range []string{"options", "values", "min", "max", "step"} {
		if _, ok := o[k]; ok && !slices.Contains(allowed[typ], k) {
			d.fail(jpath(p, k), "field %q does not apply to a %s issue", k, typ)
		}
	}
	switch typ {
	case "bool":
		is.Kind = BoolKind
	case "choice":
		is.Kind = ChoiceKind
		is.Options = []string{}
		for j, x := range d.array(o, p, "options") {
			s, ok := x.(string)
			if !ok {
				d.fail(fmt.Sprintf("%s.options[%d]", p, j), "want a string, got %s", jsonType(x))
			}
			is.Options = append(is.Options, s)
		}
	case "step":
		is.Kind = StepKind
	case "int":
		is.Kind = IntKind
		_, hasVals := o["values"]
		_, hasMin := o["min"]
		_, hasMax := o["max"]
		_, hasStep := o["step"]
		switch {
		case hasVals && (hasMin || hasMax || hasStep):
			d.fail(p, "an int issue has either values or min/max/step, not both")
		case hasVals:
			is.Values = []int64{}
			for j, x := range d.array(o, p, "values") {
				is.Values = append(is.Values, d.integer(fmt.Sprintf("%s.values[%d]", p, j), x))
			}
		case hasMin && hasMax:
			is.Min, is.Max, is.Step = d.integer(p+".min", o["min"]), d.integer(p+".max", o["max"]), 1
			if hasStep {
				is.Step = d.integer(p+".step", o["step"])
			}
		default:
			d.fail(p, "an int issue needs values, or min and max")
		}
	case "":
		d.fail(p, "missing field \"type\"")
	default:
		if m := d.sugg.mean(typ, []string{"bool", "choice", "int", "step"}); m != "" {
			d.fail(p+".type", "unknown issue type %q%s", typ, m)
		} else {
			d.fail(p+".type", "unknown issue type %q (want bool, choice, int or step)", typ)
		}
	}
	return is
}

func (d *decoder) party(p string, v any) Party {
	o := d.object(p, v, "id", "name", "red_lines", "preconditions", "preferences", "reservation")
	if o == nil {
		return Party{}
	}
	party := Party{ID: d.str(o, p, "id"), Name: d.str(o, p, "name")}
	for i, x := range d.array(o, p, "red_lines") {
		party.RedLines = append(party.RedLines, d.constraint(fmt.Sprintf("%s.red_lines[%d]", p, i), x, false))
	}
	for i, x := range d.array(o, p, "preconditions") {
		party.Preconditions = append(party.Preconditions, d.constraint(fmt.Sprintf("%s.preconditions[%d]", p, i), x, true))
	}
	for i, x := range d.array(o, p, "preferences") {
		party.Preferences = append(party.Preferences, d.preference(fmt.Sprintf("%s.preferences[%d]", p, i), x))
	}
	if x, ok := o["reservation"]; ok {
		r := d.number(p+".reservation", x)
		party.Reservation = &r
	}
	return party
}

func (d *decoder) constraint(p string, v any, pre bool) Constraint {
	fields := []string{"id", "require", "cost", "cost_range", "note", "source"}
	if pre {
		fields = []string{"id", "if", "then", "cost", "cost_range", "note", "source"}
	}
	o := d.object(p, v, fields...)
	if o == nil {
		return Constraint{}
	}
	c := Constraint{ID: d.str(o, p, "id"), Note: d.str(o, p, "note"), Source: d.str(o, p, "source")}
	need := func(k string) Expr {
		x, ok := o[k]
		if !ok {
			d.fail(p, "missing field %q", k)
			return nil
		}
		return d.expr(p+"."+k, x)
	}
	if pre {
		c.If, c.Then = need("if"), need("then")
	} else {
		c.Require = need("require")
	}
	if x, ok := o["cost"]; ok {
		n := len(d.errs)
		c.Cost = d.number(p+".cost", x)
		if len(d.errs) == n && !finitePos(c.Cost) { // one problem, one error
			d.fail(p+".cost", "cost must be a positive finite number, got %v", x)
		}
	}
	if x, ok := o["cost_range"]; ok {
		c.CostRange = d.judgment(p+".cost_range", x)
	}
	return c
}

// judgment reads a judgment range [lo, hi]; Validate checks the bounds.
func (d *decoder) judgment(p string, v any) *Range {
	a, ok := v.([]any)
	if !ok || len(a) != 2 {
		got := jsonType(v)
		if ok {
			got = fmt.Sprintf("%d numbers", len(a))
			if len(a) == 1 {
				got = "1 number"
			}
		}
		d.fail(p, "want a pair [lo, hi], got %s", got)
		return nil
	}
	n := len(d.errs)
	r := &Range{Lo: d.number(p+"[0]", a[0]), Hi: d.number(p+"[1]", a[1])}
	if len(d.errs) > n {
		return nil
	}
	return r
}

func (d *decoder) preference(p string, v any) Preference {
	o := d.object(p, v, "prefer", "issue", "weight", "weight_range", "points", "values")
	if o == nil {
		return Preference{}
	}
	pr := Preference{Issue: d.str(o, p, "issue")}
	if x, ok := o["weight"]; ok {
		pr.Weight = d.number(p+".weight", x)
	} else {
		d.fail(p, "missing field \"weight\"")
		pr.Weight = 1
	}
	if x, ok := o["weight_range"]; ok {
		pr.WeightRange = d.judgment(p+".weight_range", x)
	}
	if x, ok := o["prefer"]; ok {
		pr.Prefer = d.expr(p+".prefer", x)
		if pr.Prefer == nil {
			pr.Prefer = True() // already reported
		}
	}
	if _, ok := o["points"]; ok {
		pr.Points = []Point{}
		for i, x := range d.array(o, p, "points") {
			pp := fmt.Sprintf("%s.points[%d]", p, i)
			a, ok := x.([]any)
			if !ok || len(a) != 2 {
				d.fail(pp, "want a pair [x, y]")
				continue
			}
			pr.Points = append(pr.Points, Point{X: d.integer(pp+"[0]", a[0]), Y: d.number(pp+"[1]", a[1])})
		}
	}
	if x, ok := o["values"]; ok {
		vm, ok := x.(map[string]any)
		if !ok {
			d.fail(p+".values", "want an object, got %s", jsonType(x))
		}
		pr.Values = map[string]float64{}
		for _, k := range sortedKeys(vm) {
			pr.Values[k] = d.number(jpath(p+".values", k), vm[k])
		}
	}
	return pr
}

// Encode writes s as an indented scenario document. Expressions keep their
// operators readable (<, > and & are not escaped).
func (s *Space) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(s.document())
}

// marshal is json.Marshal without escaping <, > and &.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

type ordered struct {
	keys []string
	vals map[string]any
}

func (o *ordered) set(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	o.keys = append(o.keys, k)
	o.vals[k] = v
}

func (o *ordered) opt(k string, v string) {
	if v != "" {
		o.set(k, v)
	}
}

func (o *ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := marshal(k)
		vb, err := marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (s *Space) document() *ordered {
	doc := &ordered{}
	doc.set("format", Format)
	doc.set("name", s.Name)
	doc.opt("title", s.Title)
	doc.opt("description", s.Description)
	if len(s.Sources) > 0 {
		var srcs []*ordered
		for _, x := range s.Sources {
			o := &ordered{}
			o.set("id", x.ID)
			o.opt("title", x.Title)
			o.opt("date", x.Date)
			o.opt("url", x.URL)
			srcs = append(srcs, o)
		}
		doc.set("sources", srcs)
	}
	if s.Phases != 0 {
		doc.set("phases", s.Phases)
	}
	issues := []*ordered{}
	for _, is := range s.Issues {
		o := &ordered{}
		o.set("id", is.ID)
		o.set("type", is.Kind.String())
		o.opt("label", is.Label)
		switch {
		case is.Kind == ChoiceKind:
			o.set("options", is.Options)
		case is.Kind == IntKind && is.Values != nil:
			o.set("values", is.Values)
		case is.Kind == IntKind:
			o.set("min", is.Min)
			o.set("max", is.Max)
			o.set("step", is.Step)
		}
		issues = append(issues, o)
	}
	doc.set("issues", issues)
	cons := func(list []Constraint) []*ordered {
		var out []*ordered
		for _, c := range list {
			o := &ordered{}
			o.set("id", c.ID)
			if c.Require != nil {
				o.set("require", c.Require.String())
			} else {
				o.set("if", c.If.String())
				o.set("then", c.Then.String())
			}
			if c.Cost != 0 {
				o.set("cost", c.Cost)
			}
			if c.CostRange != nil {
				o.set("cost_range", [2]float64{c.CostRange.Lo, c.CostRange.Hi})
			}
			o.opt("note", c.Note)
			o.opt("source", c.Source)
			out = append(out, o)
		}
		return out
	}
	if len(s.Rules) > 0 {
		doc.set("rules", cons(s.Rules))
	}
	if len(s.Parties) > 0 {
		var ps []*ordered
		for _, p := range s.Parties {
			o := &ordered{}
			o.set("id", p.ID)
			o.opt("name", p.Name)
			if len(p.RedLines) > 0 {
				o.set("red_lines", cons(p.RedLines))
			}
			if len(p.Preconditions) > 0 {
				o.set("preconditions", cons(p.Preconditions))
			}
			if len(p.Preferences) > 0 {
				var prs []*ordered
				for _, pr := range p.Preferences {
					po := &ordered{}
					switch {
					case pr.Prefer != nil:
						po.set("prefer", pr.Prefer.String())
					case pr.Points != nil:
						po.set("issue", pr.Issue)
						pts := make([][2]any, len(pr.Points))
						for i, pt := range pr.Points {
							pts[i] = [2]any{pt.X, pt.Y}
						}
						po.set("points", pts)
					default:
						po.set("issue", pr.Issue)
						po.set("values", pr.Values)
					}
					po.set("weight", pr.Weight)
					if pr.WeightRange != nil {
						po.set("weight_range", [2]float64{pr.WeightRange.Lo, pr.WeightRange.Hi})
					}
					prs = append(prs, po)
				}
				o.set("preferences", prs)
			}
			if p.Reservation != nil {
				o.set("reservation", *p.Reservation)
			}
			ps = append(ps, o)
		}
		doc.set("parties", ps)
	}
	if len(s.Proposals) > 0 {
		var prs []*ordered
		for _, pr := range s.Proposals {
			o := &ordered{}
			o.set("id", pr.ID)
			o.opt("by", pr.By)
			o.opt("title", pr.Title)
			o.opt("note", pr.Note)
			o.opt("source", pr.Source)
			pkg := pr.Package
			if pkg == nil { // a proposal built in Go may leave it nil: still write {}
				pkg = Package{}
			}
			o.set("package", pkg)
			prs = append(prs, o)
		}
		doc.set("proposals", prs)
	}
	return doc
}
