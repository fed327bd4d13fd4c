package model_test

import (
	"bytes"
	"io"
)

type bytesBuf = bytes.Buffer

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
