package textmerge_test

import (
	"fmt"

	"github.com/incidentkit/incidentkit/internal/textmerge"
)

func ExampleMerge() {
	base := []byte("## Summary\n\nThe API was down.\n\n## Impact\n\nSome users.\n")
	ours := []byte("## Summary\n\nThe API was down for 20 minutes.\n\n## Impact\n\nSome users.\n")
	theirs := []byte("## Summary\n\nThe API was down.\n\n## Impact\n\n12% of users.\n")
	merged, conflict := textmerge.Merge(base, ours, theirs)
	fmt.Printf("%s-- conflict: %v\n", merged, conflict)

	theirs = []byte("## Summary\n\nThe API was unreachable.\n\n## Impact\n\nSome users.\n")
	merged, conflict = textmerge.Merge(base, ours, theirs)
	fmt.Printf("%s-- conflict: %v\n", merged, conflict)
	// Output:
	// ## Summary
	//
	// The API was down for 20 minutes.
	//
	// ## Impact
	//
	// 12% of users.
	// -- conflict: false
	// ## Summary
	//
	// <<<<<<< ours
	//
	// The API was down for 20 minutes.
	//
	// =======
	//
	// The API was unreachable.
	//
	// >>>>>>> theirs
	//
	// ## Impact
	//
	// Some users.
	// -- conflict: true
}
