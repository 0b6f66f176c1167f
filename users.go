package pipedrive

import (
	"context"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// UsersService reaches Pipedrive's users API.
type UsersService struct {
	c *core.Client
}

// User is a Pipedrive user, as /v1/users/me returns it.
type User struct {
	ID                int64        `json:"id"`
	Name              string       `json:"name"`
	Email             string       `json:"email"`
	Phone             string       `json:"phone,omitempty"`
	Lang              int          `json:"lang,omitempty"`
	Locale            string       `json:"locale,omitempty"`
	DefaultCurrency   string       `json:"default_currency,omitempty"`
	TimezoneName      string       `json:"timezone_name,omitempty"`
	TimezoneOffset    string       `json:"timezone_offset,omitempty"`
	IconURL           string       `json:"icon_url,omitempty"`
	RoleID            int64        `json:"role_id,omitempty"`
	Activated         bool         `json:"activated"`
	Active            bool         `json:"active_flag"`
	IsYou             bool         `json:"is_you"`
	IsDeleted         bool         `json:"is_deleted"`
	HasCreatedCompany bool         `json:"has_created_company"`
	Access            []UserAccess `json:"access,omitempty"`
	// LastLogin, Created and Modified are "YYYY-MM-DD HH:MM:SS" in UTC.
	LastLogin       string        `json:"last_login,omitempty"`
	Created         string        `json:"created,omitempty"`
	Modified        string        `json:"modified,omitempty"`
	CompanyID       int64         `json:"company_id"`
	CompanyName     string        `json:"company_name,omitempty"`
	CompanyDomain   string        `json:"company_domain,omitempty"`
	CompanyCountry  string        `json:"company_country,omitempty"`
	CompanyIndustry string        `json:"company_industry,omitempty"`
	Language        *UserLanguage `json:"language,omitempty"`
}

// UserAccess is one app the user can reach and with which rights.
type UserAccess struct {
	App             string `json:"app"`
	Admin           bool   `json:"admin"`
	PermissionSetID string `json:"permission_set_id,omitempty"`
}

// UserLanguage is the user's language and country codes.
type UserLanguage struct {
	LanguageCode string `json:"language_code"`
	CountryCode  string `json:"country_code"`
}

// Me returns the user the client's credential acts for: whose daily write
// budget it spends and which company it reaches. An answer without a user
// is an error matching ErrNoData, never a zero User.
func (s *UsersService) Me(ctx context.Context) (*User, error) {
	return core.Fetch[User](ctx, s.c, &core.Call{Op: ops.V1GetCurrentUser})
}
