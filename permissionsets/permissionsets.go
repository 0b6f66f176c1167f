package permissionsets

import "github.com/pipedrive-go/pipedrive/crm"

// The models, defined in crm so that code reading them need not link the
// client.
type (
	// PermissionSet is a permission set (crm.PermissionSet).
	PermissionSet = crm.PermissionSet
	// Assignment is a user's assignment to a set
	// (crm.PermissionSetAssignment).
	Assignment = crm.PermissionSetAssignment
	// App is the part of Pipedrive a set governs (crm.PermissionSetApp).
	App = crm.PermissionSetApp
	// Type is the kind of a set (crm.PermissionSetType).
	Type = crm.PermissionSetType
)

// Apps.
const (
	AppSales           = crm.PermissionAppSales
	AppProjects        = crm.PermissionAppProjects
	AppCampaigns       = crm.PermissionAppCampaigns
	AppGlobal          = crm.PermissionAppGlobal
	AppAccountSettings = crm.PermissionAppAccountSettings
	AppPartnership     = crm.PermissionAppPartnership
	AppNova            = crm.PermissionAppNova
)

// Set types.
const (
	TypeAdmin   = crm.PermissionSetAdmin
	TypeManager = crm.PermissionSetManager
	TypeRegular = crm.PermissionSetRegular
	TypeCustom  = crm.PermissionSetCustom
)

// ListParams narrow the permission set list.
type ListParams struct {
	// App keeps the sets of one app; empty lists every app's.
	App App `url:"app,omitempty"`
}
