package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// User is a user of a Pipedrive company, as the v1 users endpoints (and
// webhooks about users) represent it. The company fields and Language are
// only filled for the current user (users.Service.Me).
//
// It is defined here and aliased as users.User, so that code that only
// reads users, such as a webhook receiver, links neither the API client
// nor the rate limiter.
type User struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	// Phone is empty when the user has none.
	Phone string `json:"phone,omitempty"`
	// DefaultCurrency is the user's default currency code ("EUR").
	DefaultCurrency string `json:"default_currency,omitempty"`
	// Locale is the user's date and number format ("et_EE"), not the
	// language of the interface (see Lang and Language).
	Locale string `json:"locale,omitempty"`
	// Lang is the id of the user's interface language.
	Lang int `json:"lang,omitempty"`
	// Activated reports whether the user has accepted the invitation and
	// set up the account.
	Activated bool `json:"activated"`
	// Active reports whether the user may use the company's account
	// (active_flag); deactivated users keep their data but cannot log in.
	Active            bool `json:"active_flag"`
	HasCreatedCompany bool `json:"has_created_company"`
	// IsAdmin reports whether the user is an admin of the company. The
	// spec does not declare it; Pipedrive sends it as 0 or 1.
	IsAdmin bool `json:"is_admin,omitempty"`
	// IsYou reports whether the user is the one the request was made as.
	IsYou     bool `json:"is_you"`
	IsDeleted bool `json:"is_deleted"`
	// Access lists the apps the user can reach and with which rights.
	Access []UserAccess `json:"access,omitempty"`
	// TimezoneName is an IANA zone ("Europe/Berlin"); TimezoneOffset its
	// offset from UTC ("+03:00").
	TimezoneName   string `json:"timezone_name,omitempty"`
	TimezoneOffset string `json:"timezone_offset,omitempty"`
	// RoleID is the user's role (see the roles API).
	RoleID  int64  `json:"role_id,omitempty"`
	IconURL string `json:"icon_url,omitempty"`
	// LastLogin is nil for a user who never logged in; Modified is nil
	// when the user was never changed.
	LastLogin *time.Time `json:"last_login,omitempty"`
	Created   time.Time  `json:"created"`
	Modified  *time.Time `json:"modified,omitempty"`

	// The current user's company (users.Service.Me only).
	CompanyID       int64         `json:"company_id,omitempty"`
	CompanyName     string        `json:"company_name,omitempty"`
	CompanyDomain   string        `json:"company_domain,omitempty"`
	CompanyCountry  string        `json:"company_country,omitempty"`
	CompanyIndustry string        `json:"company_industry,omitempty"`
	Language        *UserLanguage `json:"language,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps (or RFC 3339),
// booleans sent as 0/1, and numbers sent as strings, as webhooks do.
func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	var aux struct {
		*plain
		ID                jsonx.ID        `json:"id"`
		Phone             json.RawMessage `json:"phone"`
		IconURL           json.RawMessage `json:"icon_url"`
		Activated         flag            `json:"activated"`
		Active            flag            `json:"active_flag"`
		HasCreatedCompany flag            `json:"has_created_company"`
		IsAdmin           flag            `json:"is_admin"`
		IsYou             flag            `json:"is_you"`
		IsDeleted         flag            `json:"is_deleted"`
		RoleID            jsonx.ID        `json:"role_id"`
		CompanyID         jsonx.ID        `json:"company_id"`
		LastLogin         Time            `json:"last_login"`
		Created           Time            `json:"created"`
		Modified          Time            `json:"modified"`
	}
	*u = User{}
	aux.plain = (*plain)(u)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	u.ID, u.RoleID, u.CompanyID = int64(aux.ID), int64(aux.RoleID), int64(aux.CompanyID)
	u.Phone, u.IconURL = deref(textOf(aux.Phone)), deref(textOf(aux.IconURL))
	u.Activated, u.Active, u.HasCreatedCompany = bool(aux.Activated), bool(aux.Active), bool(aux.HasCreatedCompany)
	u.IsAdmin, u.IsYou, u.IsDeleted = bool(aux.IsAdmin), bool(aux.IsYou), bool(aux.IsDeleted)
	u.LastLogin, u.Created, u.Modified = aux.LastLogin.Ptr(), aux.Created.Time, aux.Modified.Ptr()
	return nil
}

// UserApp is an app of Pipedrive a user may be given access to.
type UserApp string

// The apps of a user's access.
const (
	UserAppGlobal          UserApp = "global"
	UserAppSales           UserApp = "sales"
	UserAppCampaigns       UserApp = "campaigns"
	UserAppProjects        UserApp = "projects"
	UserAppAccountSettings UserApp = "account_settings"
	UserAppPartnership     UserApp = "partnership"
	UserAppNova            UserApp = "nova"
)

// UserAccess is one app a user can reach, and with which rights: as an
// admin, or under a permission set.
type UserAccess struct {
	App   UserApp `json:"app"`
	Admin bool    `json:"admin"`
	// PermissionSetID is the id (a UUID) of the permission set the user
	// has in the app.
	PermissionSetID string `json:"permission_set_id,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler (admin as a boolean or 0/1).
func (a *UserAccess) UnmarshalJSON(b []byte) error {
	type plain UserAccess
	var aux struct {
		*plain
		Admin flag `json:"admin"`
	}
	aux.plain = (*plain)(a)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	a.Admin = bool(aux.Admin)
	return nil
}

// UserLanguage is the current user's interface language.
type UserLanguage struct {
	// LanguageCode is an ISO 639-1 code ("en"); CountryCode an ISO 3166-1
	// alpha-2 code ("US").
	LanguageCode string `json:"language_code"`
	CountryCode  string `json:"country_code"`
}

// UserPermissions are a user's permissions, aggregated over every
// permission set the user has. Pipedrive may leave out permissions the
// user lacks: a missing one reads false.
type UserPermissions struct {
	CanAddCustomFields          bool `json:"can_add_custom_fields"`
	CanAddProducts              bool `json:"can_add_products"`
	CanAddProspectsAsLeads      bool `json:"can_add_prospects_as_leads"`
	CanBulkEditItems            bool `json:"can_bulk_edit_items"`
	CanChangeVisibilityOfItems  bool `json:"can_change_visibility_of_items"`
	CanConvertDealsToLeads      bool `json:"can_convert_deals_to_leads"`
	CanCreateOwnWorkflow        bool `json:"can_create_own_workflow"`
	CanDeleteActivities         bool `json:"can_delete_activities"`
	CanDeleteCustomFields       bool `json:"can_delete_custom_fields"`
	CanDeleteDeals              bool `json:"can_delete_deals"`
	CanEditCustomFields         bool `json:"can_edit_custom_fields"`
	CanEditDealsClosedDate      bool `json:"can_edit_deals_closed_date"`
	CanEditProducts             bool `json:"can_edit_products"`
	CanEditSharedFilters        bool `json:"can_edit_shared_filters"`
	CanExportDataFromLists      bool `json:"can_export_data_from_lists"`
	CanFollowOtherUsers         bool `json:"can_follow_other_users"`
	CanMergeDeals               bool `json:"can_merge_deals"`
	CanMergeOrganizations       bool `json:"can_merge_organizations"`
	CanMergePeople              bool `json:"can_merge_people"`
	CanModifyLabels             bool `json:"can_modify_labels"`
	CanSeeCompanyWideStatistics bool `json:"can_see_company_wide_statistics"`
	CanSeeDealsListSummary      bool `json:"can_see_deals_list_summary"`
	CanSeeHiddenItemsNames      bool `json:"can_see_hidden_items_names"`
	CanSeeOtherUsers            bool `json:"can_see_other_users"`
	CanSeeOtherUsersStatistics  bool `json:"can_see_other_users_statistics"`
	CanSeeSecurityDashboard     bool `json:"can_see_security_dashboard"`
	CanShareFilters             bool `json:"can_share_filters"`
	CanShareInsights            bool `json:"can_share_insights"`
	CanUseAPI                   bool `json:"can_use_api"`
	CanUseEmailTracking         bool `json:"can_use_email_tracking"`
	CanUseImport                bool `json:"can_use_import"`
}

// UnmarshalJSON implements json.Unmarshaler: every permission as a
// boolean, 0/1 or "0"/"1".
func (p *UserPermissions) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*p = UserPermissions{}
	for key, dst := range p.byKey() {
		raw, ok := m[key]
		if !ok {
			continue
		}
		var f flag
		if err := json.Unmarshal(raw, &f); err != nil {
			return fmt.Errorf("crm: user permission %s: %w", key, err)
		}
		*dst = bool(f)
	}
	return nil
}

// byKey maps each permission's wire name to its field.
func (p *UserPermissions) byKey() map[string]*bool {
	return map[string]*bool{
		"can_add_custom_fields": &p.CanAddCustomFields, "can_add_products": &p.CanAddProducts,
		"can_add_prospects_as_leads": &p.CanAddProspectsAsLeads, "can_bulk_edit_items": &p.CanBulkEditItems,
		"can_change_visibility_of_items": &p.CanChangeVisibilityOfItems, "can_convert_deals_to_leads": &p.CanConvertDealsToLeads,
		"can_create_own_workflow": &p.CanCreateOwnWorkflow, "can_delete_activities": &p.CanDeleteActivities,
		"can_delete_custom_fields": &p.CanDeleteCustomFields, "can_delete_deals": &p.CanDeleteDeals,
		"can_edit_custom_fields": &p.CanEditCustomFields, "can_edit_deals_closed_date": &p.CanEditDealsClosedDate,
		"can_edit_products": &p.CanEditProducts, "can_edit_shared_filters": &p.CanEditSharedFilters,
		"can_export_data_from_lists": &p.CanExportDataFromLists, "can_follow_other_users": &p.CanFollowOtherUsers,
		"can_merge_deals": &p.CanMergeDeals, "can_merge_organizations": &p.CanMergeOrganizations,
		"can_merge_people": &p.CanMergePeople, "can_modify_labels": &p.CanModifyLabels,
		"can_see_company_wide_statistics": &p.CanSeeCompanyWideStatistics, "can_see_deals_list_summary": &p.CanSeeDealsListSummary,
		"can_see_hidden_items_names": &p.CanSeeHiddenItemsNames, "can_see_other_users": &p.CanSeeOtherUsers,
		"can_see_other_users_statistics": &p.CanSeeOtherUsersStatistics, "can_see_security_dashboard": &p.CanSeeSecurityDashboard,
		"can_share_filters": &p.CanShareFilters, "can_share_insights": &p.CanShareInsights,
		"can_use_api": &p.CanUseAPI, "can_use_email_tracking": &p.CanUseEmailTracking, "can_use_import": &p.CanUseImport,
	}
}

// UserRoleSettings are the settings of the role a user is assigned to:
// the default visibility of new records, and (for the default role only)
// the access levels.
type UserRoleSettings struct {
	DealDefaultVisibility    VisibleTo `json:"deal_default_visibility"`
	LeadDefaultVisibility    VisibleTo `json:"lead_default_visibility"`
	OrgDefaultVisibility     VisibleTo `json:"org_default_visibility"`
	PersonDefaultVisibility  VisibleTo `json:"person_default_visibility"`
	ProductDefaultVisibility VisibleTo `json:"product_default_visibility"`
	// The access levels are set for the default role only (nil
	// otherwise), as Pipedrive numbers them.
	DealAccessLevel    *int `json:"deal_access_level,omitempty"`
	OrgAccessLevel     *int `json:"org_access_level,omitempty"`
	PersonAccessLevel  *int `json:"person_access_level,omitempty"`
	ProductAccessLevel *int `json:"product_access_level,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler (numbers sent as strings
// too).
func (s *UserRoleSettings) UnmarshalJSON(b []byte) error {
	type plain UserRoleSettings
	*s = UserRoleSettings{}
	return jsonx.Unmarshal(b, (*plain)(s))
}

// UserConnections are the third-party accounts connected to the current
// user.
type UserConnections struct {
	// Google is the id of the connected Google account, "" when none
	// (Pipedrive sends false).
	Google string `json:"google,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: an id as a string or a
// number, false or null for none.
func (c *UserConnections) UnmarshalJSON(b []byte) error {
	var aux struct {
		Google json.RawMessage `json:"google"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*c = UserConnections{}
	if g := bytes.TrimSpace(aux.Google); len(g) > 0 && !bytes.Equal(g, []byte("false")) {
		c.Google = deref(textOf(g))
	}
	return nil
}

// UserSettings are the current user's settings. The spec names a few;
// Pipedrive sends many more, which Other keeps as sent.
type UserSettings struct {
	// MarketplaceTeam reports whether the user may be part of a
	// Marketplace app vendor's team.
	MarketplaceTeam bool `json:"marketplace_team"`
	// ListLimit is how many results lists show by default.
	ListLimit int  `json:"list_limit"`
	BetaApp   bool `json:"beta_app"`
	// PreventSalesphoneCalltoOverride keeps Salesphone from overriding
	// callto links.
	PreventSalesphoneCalltoOverride bool `json:"prevent_salesphone_callto_override"`
	// FileUploadDestination is where uploaded files go ("s3").
	FileUploadDestination string `json:"file_upload_destination,omitempty"`
	// CalltoLinkSyntax is the template of phone links ("callto:[number]").
	CalltoLinkSyntax string `json:"callto_link_syntax,omitempty"`
	// AutofillDealExpectedCloseDate fills in new deals' expected close
	// date.
	AutofillDealExpectedCloseDate bool `json:"autofill_deal_expected_close_date"`
	// PersonDuplicateCondition is the rule that flags duplicate persons
	// ("name && (org_id || email || phone)").
	PersonDuplicateCondition string `json:"person_duplicate_condition,omitempty"`

	// Other holds every setting not named above, by key, as sent.
	Other map[string]json.RawMessage `json:"-"`
}

var userSettingKeys = []string{"marketplace_team", "list_limit", "beta_app", "prevent_salesphone_callto_override",
	"file_upload_destination", "callto_link_syntax", "autofill_deal_expected_close_date", "person_duplicate_condition"}

// UnmarshalJSON implements json.Unmarshaler: flags as booleans or 0/1, and
// every other setting into Other.
func (s *UserSettings) UnmarshalJSON(b []byte) error {
	type plain UserSettings
	var aux struct {
		*plain
		MarketplaceTeam                 flag `json:"marketplace_team"`
		BetaApp                         flag `json:"beta_app"`
		PreventSalesphoneCalltoOverride flag `json:"prevent_salesphone_callto_override"`
		AutofillDealExpectedCloseDate   flag `json:"autofill_deal_expected_close_date"`
	}
	*s = UserSettings{}
	aux.plain = (*plain)(s)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	s.MarketplaceTeam, s.BetaApp = bool(aux.MarketplaceTeam), bool(aux.BetaApp)
	s.PreventSalesphoneCalltoOverride = bool(aux.PreventSalesphoneCalltoOverride)
	s.AutofillDealExpectedCloseDate = bool(aux.AutofillDealExpectedCloseDate)
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for _, k := range userSettingKeys {
		delete(all, k)
	}
	if len(all) > 0 {
		s.Other = all
	}
	return nil
}

// MarshalJSON implements json.Marshaler: the named settings and Other,
// in one object, as Pipedrive sends them.
func (s UserSettings) MarshalJSON() ([]byte, error) {
	type plain UserSettings
	named, err := json.Marshal(plain(s))
	if err != nil {
		return nil, err
	}
	if len(s.Other) == 0 {
		return named, nil
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(named, &all); err != nil {
		return nil, err
	}
	for k, v := range s.Other {
		if _, ok := all[k]; !ok {
			all[k] = v
		}
	}
	return json.Marshal(all)
}

// Setting decodes the setting key (a named one or one of Other) into v, a
// pointer. It reports false, with no error, when the user has no such
// setting.
func (s *UserSettings) Setting(key string, v any) (bool, error) {
	raw, ok := s.Other[key]
	if !ok {
		b, err := json.Marshal(s)
		if err != nil {
			return false, err
		}
		var all map[string]json.RawMessage
		if err := json.Unmarshal(b, &all); err != nil {
			return false, err
		}
		if raw, ok = all[key]; !ok {
			return false, nil
		}
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("crm: user setting %s: %w", key, err)
	}
	return true, nil
}
