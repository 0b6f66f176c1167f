package crm

// Page is one page of a list, for callers who keep their place themselves.
// Most callers range over a service's List iterator instead, which fetches
// pages as it goes.
type Page[T any] struct {
	// Items are the objects on this page.
	Items []T
	// More reports whether another page follows.
	More bool
	// NextCursor continues a cursor-paginated list (API v2, and the v1
	// changelogs): pass it as the Cursor of the next call. Empty on the
	// last page and for offset-paginated lists.
	NextCursor string
	// NextStart continues an offset-paginated list (API v1): pass it as the
	// Start of the next call. Meaningful only when More is true.
	NextStart int
}
