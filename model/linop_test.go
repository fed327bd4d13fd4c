package model

import (
	"testing"

	"github.com/zopa-go/zopa/internal/linear"
)

// The validator and the solver pass a CmpOp to package linear as is.
func TestCmpOpsMatchLinear(t *testing.T) {
	for op, want := range map[CmpOp]linear.Op{EqOp: linear.Eq, NeOp: linear.Ne, LtOp: linear.Lt, LeOp: linear.Le, GtOp: linear.Gt, GeOp: linear.Ge} {
		if linear.Op(op) != want {
			t.Errorf("%v is %d in model and %d in linear", op, op, want)
		}
	}
}
