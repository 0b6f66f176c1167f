package crm

import (
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// ProjectBoard is a projects board: the columns (phases) projects move
// through, as a pipeline is for deals. API v1 and v2 return the same
// shape.
type ProjectBoard struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// OrderNr is the board's position among the boards.
	OrderNr    int       `json:"order_nr"`
	AddTime    time.Time `json:"add_time"`
	UpdateTime time.Time `json:"update_time"`
}

// UnmarshalJSON implements json.Unmarshaler: either timestamp form, and
// numbers sent as strings.
func (b *ProjectBoard) UnmarshalJSON(data []byte) error {
	type plain ProjectBoard
	var aux struct {
		*plain
		AddTime    Time `json:"add_time"`
		UpdateTime Time `json:"update_time"`
	}
	*b = ProjectBoard{}
	aux.plain = (*plain)(b)
	if err := jsonx.Unmarshal(data, &aux); err != nil {
		return err
	}
	b.AddTime, b.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Time
	return nil
}

// ProjectPhase is one phase (column) of a projects board. API v1 and v2
// return the same shape.
type ProjectPhase struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	BoardID int64  `json:"board_id"`
	// OrderNr is the phase's position on its board.
	OrderNr    int       `json:"order_nr"`
	AddTime    time.Time `json:"add_time"`
	UpdateTime time.Time `json:"update_time"`
}

// UnmarshalJSON implements json.Unmarshaler: either timestamp form, and
// numbers sent as strings.
func (p *ProjectPhase) UnmarshalJSON(data []byte) error {
	type plain ProjectPhase
	var aux struct {
		*plain
		AddTime    Time `json:"add_time"`
		UpdateTime Time `json:"update_time"`
	}
	*p = ProjectPhase{}
	aux.plain = (*plain)(p)
	if err := jsonx.Unmarshal(data, &aux); err != nil {
		return err
	}
	p.AddTime, p.UpdateTime = aux.AddTime.Time, aux.UpdateTime.Time
	return nil
}
