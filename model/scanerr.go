package model

import (
	"go/scanner"
)

type scanPos struct {
	col int
	msg string
}

// asScannerError extracts the first position and message of a go/parser
// error.
func asScannerError(err error) (scanPos, bool) {
	switch e := err.(type) {
	case scanner.ErrorList:
		if len(e) == 0 {
			return scanPos{}, false
		}
		return scanPos{col: e[0].Pos.Offset + 1, msg: e[0].Msg}, true
	case *scanner.Error:
		return scanPos{col: e.Pos.Offset + 1, msg: e.Msg}, true
	}
	return scanPos{}, false
}
