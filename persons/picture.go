package persons

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// Picture is a person's profile picture.
type Picture struct {
	ID            int64  `json:"id"`
	ItemType      string `json:"item_type,omitempty"` // "person"
	ItemID        int64  `json:"item_id,omitempty"`   // the person's id
	AddedByUserID int64  `json:"added_by_user_id,omitempty"`
	Active        bool   `json:"active_flag"`
	// FileSize is the uploaded file's size in bytes (API v2 only).
	FileSize int64 `json:"file_size,omitempty"`
	// AddTime and UpdateTime come with v1 answers (AddPicture) only.
	AddTime    time.Time `json:"add_time,omitzero"`
	UpdateTime time.Time `json:"update_time,omitzero"`
	// URLs are the picture's renditions.
	URLs PictureURLs `json:"pictures"`
}

// PictureURLs are the addresses of a picture's renditions.
type PictureURLs struct {
	// Size128 is the 128×128 pixel rendition.
	Size128 string `json:"128,omitempty"`
	// Size512 is the 512×512 pixel rendition.
	Size512 string `json:"512,omitempty"`
}

// UnmarshalJSON decodes a picture, also in the form the v1 spec documents
// for uploads: an object keyed by the picture's id.
func (p *Picture) UnmarshalJSON(b []byte) error {
	type plain Picture
	var w struct {
		plain
		AddTime    crm.Time `json:"add_time"`
		UpdateTime crm.Time `json:"update_time"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	if w.ID == 0 && w.ItemID == 0 && w.URLs == (PictureURLs{}) {
		// {"<picture id>": {...}}: unwrap the single entry.
		var keyed map[string]json.RawMessage
		if json.Unmarshal(b, &keyed) == nil && len(keyed) == 1 {
			for _, inner := range keyed {
				if t := bytes.TrimSpace(inner); len(t) > 0 && t[0] == '{' {
					return p.UnmarshalJSON(inner)
				}
			}
		}
	}
	*p = Picture(w.plain)
	p.AddTime, p.UpdateTime = w.AddTime.Time, w.UpdateTime.Time
	return nil
}
