package chromium

// SetFallbacks replaces the paths tried when PATH has no browser, and
// returns a function that restores them.
func SetFallbacks(paths []string) (restore func()) {
	old := fallbacks
	fallbacks = paths
	return func() { fallbacks = old }
}
