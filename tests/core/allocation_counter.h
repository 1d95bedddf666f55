// Heap allocations counted in a test binary that links
// tests/core/allocation_counter.cc (which replaces the global operator new),
// to check that a hot path (stepping, acting) allocates nothing.
#ifndef PREFCTL_TESTS_CORE_ALLOCATION_COUNTER_H_
#define PREFCTL_TESTS_CORE_ALLOCATION_COUNTER_H_

namespace prefctl {

// Allocations through operator new since the binary started.
long AllocationCount();

}  // namespace prefctl

#endif  // PREFCTL_TESTS_CORE_ALLOCATION_COUNTER_H_
