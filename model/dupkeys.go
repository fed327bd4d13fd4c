package model

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// duplicateKeys reports every field that appears twice in one object of
// data, which must hold one valid JSON value (Decode checks that first).
// encoding/json silently keeps the last of two equal keys; a scenario has no
// use for duplicates, and a hand-edited file that repeats "cost" or
// "require" is far more likely a mistake than an intent.
func duplicateKeys(data []byte) ErrorList {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	d := dupScan{dec: dec}
	if err := d.value(); err != nil {
		return nil // cannot happen for a value Decode accepted
	}
	return d.errs
}

// dupScan walks a JSON value token by token. The path to the current value
// is kept as a stack of segments and only joined into a string when an
// error is reported, so memory stays linear in the input however deep it
// nests (a path string per level would grow with depth times key length).
type dupScan struct {
	dec  *json.Decoder
	path []segment
	errs ErrorList
}

// segment is one step of a path: an object key, or an array index (idx >=
// 0).
type segment struct {
	key string
	idx int
}

func (d *dupScan) joined() string {
	p := ""
	for _, seg := range d.path {
		if seg.idx >= 0 {
			p += "[" + strconv.Itoa(seg.idx) + "]"
		} else {
			p = jpath(p, seg.key)
		}
	}
	return p
}

// value reads one value, recording duplicate fields. The recursion is
// bounded by encoding/json's nesting limit, which the data has already
// passed.
func (d *dupScan) value() error {
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for d.dec.More() {
			kt, err := d.dec.Token()
			if err != nil {
				return err
			}
			k, _ := kt.(string)
			if seen[k] {
				d.errs.Add(d.joined(), 0, "duplicate field %q", k)
			}
			seen[k] = true
			d.path = append(d.path, segment{key: k, idx: -1})
			err = d.value()
			d.path = d.path[:len(d.path)-1]
			if err != nil {
				return err
			}
		}
		_, err = d.dec.Token()
		return err
	case json.Delim('['):
		for i := 0; d.dec.More(); i++ {
			d.path = append(d.path, segment{idx: i})
			err := d.value()
			d.path = d.path[:len(d.path)-1]
			if err != nil {
				return err
			}
		}
		_, err = d.dec.Token()
		return err
	}
	return nil
}
