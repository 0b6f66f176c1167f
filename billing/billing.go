package billing

import (
	"context"

	"github.com/pipedrive-go/pipedrive/crm"
)

// Addon is an add-on of the company's subscription (crm.Addon).
type Addon = crm.Addon

// HasAddon reports whether the company's subscription includes the add-on
// with the given code ("leadbooster_v2", ...).
func (s *Service) HasAddon(ctx context.Context, code string) (bool, error) {
	for a, err := range s.Addons(ctx) {
		if err != nil {
			return false, err
		}
		if a.Code == code {
			return true, nil
		}
	}
	return false, nil
}
