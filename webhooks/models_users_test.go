package webhooks_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pipedrive-go/pipedrive/users"
	"github.com/pipedrive-go/pipedrive/webhooks"
)

func TestEventUser(t *testing.T) {
	ev, err := webhooks.Decode(fixture(t, "v2-change-user.json"))
	require.NoError(t, err)
	assert.Equal(t, webhooks.ObjectUser, ev.Entity)
	assert.Equal(t, int64(3300452), ev.EntityID)

	var u *users.User // the resource package's own type
	u, err = ev.User()
	require.NoError(t, err)
	assert.Equal(t, int64(3300452), u.ID)
	assert.Equal(t, "Jonas Berg", u.Name)
	assert.Equal(t, "jonas@example.com", u.Email)
	assert.Empty(t, u.Phone)
	assert.Equal(t, "SEK", u.DefaultCurrency)
	assert.True(t, u.Activated)
	assert.False(t, u.Active, "deactivated")
	assert.False(t, u.IsAdmin)
	assert.Equal(t, int64(4), u.RoleID, `"role_id": "4"`)
	assert.Equal(t, []users.Access{{App: users.AppSales, PermissionSetID: "f07d229d-088a-4144-a40f-1fe64295d180"}}, u.Access)
	require.NotNil(t, u.LastLogin)
	assert.Equal(t, time.Date(2026, 11, 20, 7, 45, 10, 0, time.UTC), *u.LastLogin)
	assert.Equal(t, time.Date(2025, 2, 3, 9, 0, 0, 0, time.UTC), u.Created)

	prev, err := ev.PreviousUser()
	require.NoError(t, err)
	assert.True(t, prev.Active, "it was active before")
	assert.Empty(t, prev.Name, "only changed fields")

	_, err = ev.Person()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
	_, err = ev.Deal()
	assert.ErrorIs(t, err, webhooks.ErrWrongEntity)
}

func TestEventUserV1(t *testing.T) {
	body := `{"v":1,"matches_filters":null,"meta":{"action":"updated","object":"user","id":3300452,"company_id":7700112,
	   "user_id":3300441,"host":"acme.pipedrive.com","timestamp":1764412800,"timestamp_micro":1764412800318000,
	   "permitted_user_ids":[3300441,3300452],"trans_pending":false,"is_bulk_update":false,"pipedrive_service_name":false,
	   "change_source":"app","matches_filters":{"current":[]},"webhook_id":"994"},
	 "current":{"id":3300452,"name":"Jonas Berg","email":"jonas@example.com","phone":"","lang":12,"locale":"sv_SE",
	   "activated":true,"active_flag":false,"is_admin":"0","role_id":4,"default_currency":"SEK","icon_url":null,
	   "timezone_name":"Europe/Stockholm","timezone_offset":"+01:00","last_login":"2026-11-20 07:45:10",
	   "created":"2025-02-03 09:00:00","modified":"2026-11-29 10:40:00","has_created_company":false,
	   "access":[{"app":"sales","admin":false,"permission_set_id":"f07d229d-088a-4144-a40f-1fe64295d180"}]},
	 "previous":{"id":3300452,"name":"Jonas Berg","email":"jonas@example.com","phone":"","lang":12,"locale":"sv_SE",
	   "activated":true,"active_flag":true,"is_admin":"0","role_id":4,"default_currency":"SEK","icon_url":null,
	   "timezone_name":"Europe/Stockholm","timezone_offset":"+01:00","last_login":"2026-11-20 07:45:10",
	   "created":"2025-02-03 09:00:00","modified":"2026-11-20 07:45:10","has_created_company":false,
	   "access":[{"app":"sales","admin":false,"permission_set_id":"f07d229d-088a-4144-a40f-1fe64295d180"}]},
	 "retry":0,"event":"updated.user"}`
	ev, err := webhooks.Decode([]byte(body))
	require.NoError(t, err)
	assert.Equal(t, webhooks.ObjectUser, ev.Entity)
	assert.Equal(t, webhooks.ActionChange, ev.Action)
	assert.Equal(t, []string{"active_flag", "modified"}, ev.Changed())

	u, err := ev.User()
	require.NoError(t, err)
	assert.Equal(t, int64(3300452), u.ID)
	assert.False(t, u.Active)
	assert.Equal(t, time.Date(2026, 11, 29, 10, 40, 0, 0, time.UTC), *u.Modified, "v1 time format")
	assert.Equal(t, time.Date(2026, 11, 20, 7, 45, 10, 0, time.UTC), *u.LastLogin)

	prev, err := ev.PreviousUser()
	require.NoError(t, err)
	assert.True(t, prev.Active)
	assert.Empty(t, prev.Name, "Previous keeps the changed fields of v1's whole previous object")
}
