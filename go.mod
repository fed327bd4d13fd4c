module github.com/zopa-go/zopa

go 1.24.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/irifrance/gini v1.0.1
	gonum.org/v1/gonum v0.17.0
)
