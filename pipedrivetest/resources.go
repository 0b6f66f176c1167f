package pipedrivetest

// resourceRoutes registers the routes of the resources beyond deals,
// persons and organizations. Each resource family has a file of its own
// (activities.go, products.go, ...) with a routes function that builds its
// collections (see collection.go) and registers its operations; add one
// line here per family.
func (s *Server) resourceRoutes(op opRoute) {
	s.fieldWriteRoutes(op)
	s.recordRoutes(op)
	s.dealProductRoutes(op)
	s.usersRoutes(op)
	s.productsRoutes(op)
	s.activitiesRoutes(op)
	s.projectsRoutes(op)
	s.pipelinesRoutes(op)
	s.leadsRoutes(op)
	s.adminRoutes(op)
	s.filesRoutes(op)
	s.dealArchiveRoutes(op)
}

// collection returns the server's collection named name, building it
// with mk the first time. Resource files keep their collections here so
// that Server needs no field per resource.
func (s *Server) collection(name string, mk func() *collection) *collection {
	s.collMu.Lock()
	defer s.collMu.Unlock()
	if s.colls == nil {
		s.colls = map[string]*collection{}
	}
	c, ok := s.colls[name]
	if !ok {
		c = newCollection(mk())
		s.colls[name] = c
	}
	return c
}
