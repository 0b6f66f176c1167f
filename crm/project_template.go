package crm

import (
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// ProjectTemplate is a project template: a blueprint a new project can be
// created from (projects.CreateParams.TemplateID).
type ProjectTemplate struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// BoardID is the projects board the template belongs to.
	BoardID    int64     `json:"projects_board_id"`
	OwnerID    int64     `json:"owner_id"`
	AddTime    time.Time `json:"add_time"`
	UpdateTime time.Time `json:"update_time"`
}

// UnmarshalJSON implements json.Unmarshaler: either timestamp form, and
// numbers sent as strings.
func (t *ProjectTemplate) UnmarshalJSON(b []byte) error {
	type plain ProjectTemplate
	var aux struct {
		*plain
		AddTime    Time `json:"add_time"`
		UpdateTime Time `json:"update_time"`
	}
	*t = ProjectTemplate{}
	aux.plain = (*plain)(t)
	if err := jsonx.Unmarshal(b, &aux); err != nil {
		return err
	}
	t.AddTime, t.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Time
	return nil
}
