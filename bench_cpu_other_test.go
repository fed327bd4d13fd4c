//go:build !unix

package zopa_test

import "time"

// cpuTime is not measured on this system (the cpu-ms metric reads 0).
func cpuTime() time.Duration { return 0 }
