package users

import "github.com/pipedrive-go/pipedrive/crm"

// The models are defined in package crm, which does not import the API
// client, so that code that only reads them (a webhook receiver) links
// neither the client core nor the rate limiter. The types are identical.
type (
	// User is a user of the company. See crm.User.
	User = crm.User
	// Access is one app a user can reach. See crm.UserAccess.
	Access = crm.UserAccess
	// App is an app of Pipedrive a user may be given access to.
	App = crm.UserApp
	// Language is the current user's interface language.
	Language = crm.UserLanguage
	// Permissions are a user's aggregated permissions. See
	// crm.UserPermissions.
	Permissions = crm.UserPermissions
	// RoleAssignment is a role a user is assigned to.
	RoleAssignment = crm.RoleAssignment
	// RoleSettings are the settings of a user's role.
	RoleSettings = crm.UserRoleSettings
	// Connections are the third-party accounts connected to the current
	// user.
	Connections = crm.UserConnections
	// Settings are the current user's settings.
	Settings = crm.UserSettings
)

// The apps of a user's access.
const (
	AppGlobal          = crm.UserAppGlobal
	AppSales           = crm.UserAppSales
	AppCampaigns       = crm.UserAppCampaigns
	AppProjects        = crm.UserAppProjects
	AppAccountSettings = crm.UserAppAccountSettings
	AppPartnership     = crm.UserAppPartnership
	AppNova            = crm.UserAppNova
)
