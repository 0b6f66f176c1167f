package crm

// Addon is an add-on of the company's subscription.
type Addon struct {
	// Code names the add-on ("leadbooster_v2", "prospector",
	// "smart_docs_v2", ...).
	Code string `json:"code"`
}
