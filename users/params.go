package users

// CreateParams invite a user. Email is required; without Access the user
// gets Pipedrive's default (sales).
type CreateParams struct {
	Email string `json:"email" pipedrive:"required"`
	// Access lists the apps to give the user, each with admin rights or a
	// permission set, or neither for the app's default access.
	Access []AccessParams `json:"access,omitempty"`
	// Active, when set to false, adds the user deactivated (the default
	// is active).
	Active *bool `json:"active_flag,omitempty"`
}

// AccessParams give a new user one app. App is required; set at most one
// of Admin and PermissionSetID.
type AccessParams struct {
	App   App   `json:"app" pipedrive:"required"`
	Admin *bool `json:"admin,omitempty"`
	// PermissionSetID is the id of a permission set of the app.
	PermissionSetID string `json:"permission_set_id,omitempty"`
}

// UpdateParams change a user. Pipedrive lets only the active flag change,
// and requires it: pipedrive.Ptr(false) deactivates the user.
type UpdateParams struct {
	Active *bool `json:"active_flag" pipedrive:"required"`
}

// FindParams describe a search for users. Term is required.
type FindParams struct {
	// Term is matched against the users' names (or, with SearchByEmail,
	// their email addresses).
	Term string `url:"term" pipedrive:"required"`
	// SearchByEmail matches Term against email addresses only.
	SearchByEmail bool `url:"search_by_email,omitempty,int"`
}
