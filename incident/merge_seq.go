package incident

import (
	"container/heap"
	"fmt"
	"slices"
	"time"
)

// order returns the keys of a and b, each once, in an order that keeps the
// order of each sequence between neighbours for which tied reports true,
// and otherwise puts first the key that less orders first. It is a
// topological sort of the two sequences' orders with less breaking ties, so
// it does not depend on which sequence is a and which is b; when b's order
// extends a's (b = a with keys added), the result is b. Where the two
// sequences order tied keys differently, the least key goes first; a key is
// never put before a key that less orders first and that is not tied with
// it (so events stay in time order).
func order[K comparable](a, b []K, less, tied func(x, y K) bool) []K {
	idx := map[K]int{}
	var keys []K
	for _, s := range [][]K{a, b} {
		for _, k := range s {
			if _, ok := idx[k]; !ok {
				idx[k] = len(keys)
				keys = append(keys, k)
			}
		}
	}
	// Work on ranks in less order, so the heap compares integers.
	byLess := make([]int, len(keys))
	for i := range byLess {
		byLess[i] = i
	}
	slices.SortFunc(byLess, func(i, j int) int {
		switch {
		case less(keys[i], keys[j]):
			return -1
		case less(keys[j], keys[i]):
			return 1
		}
		return 0
	})
	rank := make([]int, len(keys))
	for r, i := range byLess {
		rank[i] = r
	}
	succ := make([][]int, len(keys)) // by rank
	indeg := make([]int, len(keys))
	for _, s := range [][]K{a, b} {
		for i := 1; i < len(s); i++ {
			if p, k := rank[idx[s[i-1]]], rank[idx[s[i]]]; p != k && tied(s[i-1], s[i]) {
				succ[p] = append(succ[p], k)
				indeg[k]++
			}
		}
	}
	ready := &rankHeap{}
	for r, d := range indeg {
		if d == 0 {
			ready.ints = append(ready.ints, r)
		}
	}
	heap.Init(ready)
	done := make([]bool, len(keys))
	out := make([]K, 0, len(keys))
	least := 0 // no rank below it is left
	for len(out) < len(keys) {
		for done[least] {
			least++
		}
		if ready.Len() == 0 || !tied(keys[byLess[least]], keys[byLess[ready.ints[0]]]) {
			// Every key tied with the least one left waits for another:
			// a cycle, where the sequences disagree (after hand edits, or
			// when both sides made the same event at different places).
			// Break it at the least key.
			heap.Push(ready, least)
		}
		r := heap.Pop(ready).(int)
		if done[r] {
			continue
		}
		done[r] = true
		out = append(out, keys[byLess[r]])
		for _, s := range succ[r] {
			if indeg[s]--; indeg[s] == 0 && !done[s] {
				heap.Push(ready, s)
			}
		}
	}
	return out
}

// rankHeap is a min-heap of ranks for order.
type rankHeap struct{ ints []int }

func (h *rankHeap) Len() int           { return len(h.ints) }
func (h *rankHeap) Less(i, j int) bool { return h.ints[i] < h.ints[j] }
func (h *rankHeap) Swap(i, j int)      { h.ints[i], h.ints[j] = h.ints[j], h.ints[i] }
func (h *rankHeap) Push(x any)         { h.ints = append(h.ints, x.(int)) }
func (h *rankHeap) Pop() any {
	r := h.ints[len(h.ints)-1]
	h.ints = h.ints[:len(h.ints)-1]
	return r
}

func always[K any](K, K) bool { return true }

func lessString(x, y string) bool { return x < y }

// mergeSet merges string sets edited on two sides: an element is kept when
// both sides have it or when one side added it; an element one side removed
// (and the other kept) is removed. The order is that of order.
func mergeSet(b, o, t []string) []string {
	in := func(s []string) map[string]bool {
		m := make(map[string]bool, len(s))
		for _, x := range s {
			m[x] = true
		}
		return m
	}
	inB, inO, inT := in(b), in(o), in(t)
	var out []string
	for _, k := range order(o, t, lessString, always) {
		if (inO[k] && inT[k]) || (inO[k] && !inB[k]) || (inT[k] && !inB[k]) {
			out = append(out, k)
		}
	}
	return out
}

// describeEvent is an event as text, for comparing versions of an event and
// for conflicts.
func describeEvent(e Event) string {
	return fmt.Sprintf("%s %s %s %s %s [%s -> %s] %s", e.ID, timeText(e.At), e.Actor, e.Kind, e.Subject, e.From, e.To, e.Text)
}

func describeUpdate(u Update) string {
	return fmt.Sprintf("%s %s %s %s %s %s", u.ID, timeText(u.At), u.Actor, u.Audience, u.Status, u.Message)
}

// timeText is a time as the file writes it, empty for the zero time.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// unionByID merges two lists of entries identified by ID (timeline events,
// status updates): every entry of either side once, ordered by time, then
// as each side ordered entries of the same second, then by ID. An entry both
// sides changed differently (by hand) is settled by the greater text.
func unionByID[T comparable](m *merger, list string, b, o, t []T, id func(T) string, at func(T) time.Time, text func(T) string) []T {
	index := func(s []T) (map[string]T, []string) {
		byID := make(map[string]T, len(s))
		ids := make([]string, len(s))
		for i, x := range s {
			byID[id(x)] = x
			ids[i] = id(x)
		}
		return byID, ids
	}
	bm, _ := index(b)
	om, oids := index(o)
	tm, tids := index(t)
	chosen := make(map[string]T, len(om)+len(tm))
	for k, x := range om {
		chosen[k] = x
	}
	for k, y := range tm {
		x, ok := om[k]
		if !ok {
			chosen[k] = y
			continue
		}
		if x == y {
			continue
		}
		xt, yt := text(x), text(y)
		if xt == yt {
			continue
		}
		var bt string
		if z, ok := bm[k]; ok {
			bt = text(z)
		}
		switch {
		case yt == bt:
		case xt == bt || yt > xt:
			chosen[k] = y
		}
		if xt != bt && yt != bt {
			c, l := xt, yt
			if yt > xt {
				c, l = yt, xt
			}
			m.conflict(list+"["+k+"]", c, l, ruleValue)
		}
	}
	times := make(map[string]time.Time, len(chosen))
	for k, x := range chosen {
		times[k] = at(x)
	}
	less := func(x, y string) bool {
		if ax, ay := times[x], times[y]; !ax.Equal(ay) {
			return ax.Before(ay)
		}
		return x < y
	}
	tied := func(x, y string) bool { return times[x].Equal(times[y]) }
	var out []T
	for _, k := range order(oids, tids, less, tied) {
		out = append(out, chosen[k])
	}
	return out
}

// oneDeclaration keeps a single declared event in tl, the earliest (on a
// tie the greater ID); the others become conflicts. Two declarations happen
// only when both sides created the incident independently (no base).
func (m *merger) oneDeclaration(tl []Event) []Event {
	keep := -1
	for i, e := range tl {
		if e.Kind != EventDeclared {
			continue
		}
		if keep < 0 || e.At.Before(tl[keep].At) || (e.At.Equal(tl[keep].At) && e.ID > tl[keep].ID) {
			keep = i
		}
	}
	out := tl[:0:0]
	for i, e := range tl {
		if e.Kind == EventDeclared && i != keep {
			m.conflict("timeline.declared", describeEvent(tl[keep]), describeEvent(e), ruleDeclared)
			continue
		}
		out = append(out, e)
	}
	return slices.Clip(out)
}
