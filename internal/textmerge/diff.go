package textmerge

// maxEdit bounds the edit distance the diff searches for exactly. Myers'
// algorithm takes O((N+M)·D) time and, keeping one row of its search per
// step for the backtrack, O(D²) memory, where D is the number of lines
// inserted or deleted between the common prefix and suffix. Post-mortems are
// capped at 64 KiB, so N+M stays below 2^17 lines; with D capped at 1024 the
// worst case is about 1.3·10^8 steps and 2 MiB. Beyond the cap the differing
// middle is treated as one replaced block: the merge stays correct (nothing is
// lost), only coarser (more of the text lands in a conflict).
const maxEdit = 1024

// match is a line of the base (a) matched with a line of a side (b).
type match struct{ a, b int }

// matches returns the lines common to a and b in a longest common
// subsequence, in increasing order on both sides (for inputs within
// maxEdit of each other).
func matches(a, b []int) []match {
	var out []match
	n, m := len(a), len(b)
	pre := 0
	for pre < n && pre < m && a[pre] == b[pre] {
		out = append(out, match{pre, pre})
		pre++
	}
	suf := 0
	for suf < n-pre && suf < m-pre && a[n-1-suf] == b[m-1-suf] {
		suf++
	}
	for _, mt := range myers(a[pre:n-suf], b[pre:m-suf]) {
		out = append(out, match{mt.a + pre, mt.b + pre})
	}
	for i := suf; i > 0; i-- {
		out = append(out, match{n - i, m - i})
	}
	return out
}

// myers returns the matched lines of a shortest edit script from a to b,
// or none when the edit distance exceeds maxEdit.
func myers(a, b []int) []match {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil
	}
	limit := n + m
	if limit > maxEdit {
		limit = maxEdit
	}
	off := limit + 1
	v := make([]int32, 2*limit+3)
	// trace[d] is v as it was when step d began (the result of step d-1),
	// for diagonals -d..d.
	var trace [][]int32
	for d := 0; d <= limit; d++ {
		trace = append(trace, append([]int32(nil), v[off-d:off+d+1]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				return backtrack(trace, n, m)
			}
		}
	}
	return nil
}

// backtrack walks the trace from (n, m) back to (0, 0), collecting the
// diagonal moves (matched lines) in increasing order.
func backtrack(trace [][]int32, n, m int) []match {
	var rev []match
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d]
		k := x - y
		var pk int
		if k == -d || (k != d && prev[k-1+d] < prev[k+1+d]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := int(prev[pk+d])
		py := px - pk
		for x > px && y > py {
			x--
			y--
			rev = append(rev, match{x, y})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, match{x, y})
	}
	out := make([]match, len(rev))
	for i, mt := range rev {
		out[len(rev)-1-i] = mt
	}
	return out
}

// hunk is a change from base lines [a0, a1) to side lines [b0, b1).
type hunk struct{ a0, a1, b0, b1 int }

// hunks turns the matched lines of base (n lines) and a side (m lines)
// into the changes between them, in base order.
func hunks(ms []match, n, m int) []hunk {
	var hs []hunk
	pa, pb := 0, 0
	for _, mt := range append(ms, match{n, m}) {
		if mt.a > pa || mt.b > pb {
			hs = append(hs, hunk{pa, mt.a, pb, mt.b})
		}
		pa, pb = mt.a+1, mt.b+1
	}
	return hs
}
