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
	var errs ErrorList
	if err := dupValue(dec, "", &errs); err != nil {
		return nil // cannot happen for a value Decode accepted
	}
	return errs
}

// dupValue reads one value from dec, recording duplicate fields at path.
// The recursion is bounded by encoding/json's nesting limit, which data
// has already passed.
func dupValue(dec *json.Decoder, path string, errs *ErrorList) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			k, _ := kt.(string)
			if seen[k] {
				errs.Add(path, 0, "duplicate field %q", k)
			}
			seen[k] = true
			if err := dupValue(dec, jpath(path, k), errs); err != nil {
				return err
			}
		}
		_, err = dec.Token()
		return err
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if err := dupValue(dec, path+"["+strconv.Itoa(i)+"]", errs); err != nil {
				return err
			}
		}
		_, err = dec.Token()
		return err
	}
	return nil
}
