module github.com/zopa-go/zopa

go 1.24.0

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/irifrance/gini v1.0.1 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)
