package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pipedrive-go/pipedrive/internal/jsonx"
)

// BillingFrequency is how often a customer is billed for a product
// (Growth plans and above).
type BillingFrequency string

// Billing frequencies.
const (
	BillingOneTime      BillingFrequency = "one-time"
	BillingAnnually     BillingFrequency = "annually"
	BillingSemiAnnually BillingFrequency = "semi-annually"
	BillingQuarterly    BillingFrequency = "quarterly"
	BillingMonthly      BillingFrequency = "monthly"
	BillingWeekly       BillingFrequency = "weekly"
)

// Product is an item of the company's product catalogue, as API v2 (and
// webhooks v2) represent it: a name and code, a price per currency, and
// custom fields.
//
// It also decodes the v1 shape that webhook v1 payloads carry: numbers
// sent as strings (visible_to "3"), the owner as an object, v1 timestamps,
// active_flag and selectable for is_deleted and is_linkable, overhead_cost
// for a price's direct cost, and custom fields at the top level.
//
// It is defined here and aliased as products.Product, so that code that
// only reads products, such as a webhook receiver, links neither the API
// client nor the rate limiter.
type Product struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Code is the product's own code (a SKU, say).
	Code        string `json:"code"`
	Description string `json:"description"`
	// Unit is what the product is sold by ("kg", "seat", ...).
	Unit string `json:"unit"`
	// Tax is the tax percentage.
	Tax float64 `json:"tax"`
	// Category is the product's category as the API sends it (the v2
	// spec shows a label, v1 the id of an option of the "category" product
	// field, as text); nil when none.
	Category *string `json:"category"`
	// IsLinkable reports whether the product can be added to deals.
	IsLinkable bool      `json:"is_linkable"`
	IsDeleted  bool      `json:"is_deleted"`
	VisibleTo  VisibleTo `json:"visible_to"`
	// OwnerID is the user who owns the product.
	OwnerID    int64      `json:"owner_id"`
	AddTime    time.Time  `json:"add_time"`
	UpdateTime *time.Time `json:"update_time"`
	// BillingFrequency and BillingFrequencyCycles (Growth plans and above)
	// say how often, and how many times, a customer is billed; nil
	// BillingFrequencyCycles means indefinitely (or, for one-time billing,
	// not applicable).
	BillingFrequency       BillingFrequency `json:"billing_frequency,omitempty"`
	BillingFrequencyCycles *int             `json:"billing_frequency_cycles"`
	// Prices are the product's prices, at most one per currency.
	Prices []ProductPrice `json:"prices"`
	// CustomFields holds the company's product custom fields, keyed by
	// field code. Read them by name with the FieldSet from
	// products.Service.CustomFields.
	CustomFields CustomFields `json:"custom_fields"`
}

// Price returns the product's price in currency (an ISO 4217 code), and
// whether it has one.
func (p *Product) Price(currency string) (ProductPrice, bool) {
	for _, pr := range p.Prices {
		if pr.Currency == currency {
			return pr, true
		}
	}
	return ProductPrice{}, false
}

// UnmarshalJSON implements json.Unmarshaler, for the v2 form and the v1
// forms described on Product.
func (p *Product) UnmarshalJSON(b []byte) error {
	type plain Product
	var w struct {
		plain
		OwnerID      jsonx.ID        `json:"owner_id"`
		Category     json.RawMessage `json:"category"`
		IsLinkable   *flag           `json:"is_linkable"`
		IsDeleted    *flag           `json:"is_deleted"`
		AddTime      Time            `json:"add_time"`
		UpdateTime   Time            `json:"update_time"`
		CustomFields json.RawMessage `json:"custom_fields"`
		// v1 names.
		ActiveFlag *flag `json:"active_flag"`
		Selectable *flag `json:"selectable"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = Product(w.plain)
	p.OwnerID = int64(w.OwnerID)
	p.Category = textOf(w.Category)
	p.AddTime, p.UpdateTime = w.AddTime.Time, w.UpdateTime.Ptr()
	switch {
	case w.IsLinkable != nil:
		p.IsLinkable = bool(*w.IsLinkable)
	case w.Selectable != nil:
		p.IsLinkable = bool(*w.Selectable)
	}
	switch {
	case w.IsDeleted != nil:
		p.IsDeleted = bool(*w.IsDeleted)
	case w.ActiveFlag != nil:
		p.IsDeleted = !bool(*w.ActiveFlag)
	}
	switch cf := bytes.TrimSpace(w.CustomFields); {
	case len(cf) > 0 && !bytes.Equal(cf, []byte("null")):
		if err := json.Unmarshal(cf, &p.CustomFields); err != nil {
			return fmt.Errorf("custom_fields: %w", err)
		}
	case len(cf) == 0:
		// v1 puts custom fields at the top level, under their codes.
		var err error
		if p.CustomFields, err = topLevelCustomFields(b); err != nil {
			return err
		}
	}
	return nil
}

// ProductPrice is a product's price in one currency.
type ProductPrice struct {
	// ProductID is the product the price belongs to.
	ProductID int64   `json:"product_id"`
	Price     float64 `json:"price"`
	// Currency is an ISO 4217 code.
	Currency string  `json:"currency"`
	Cost     float64 `json:"cost"`
	// DirectCost is nil when not set (v1 calls it overhead_cost).
	DirectCost *float64 `json:"direct_cost"`
	Notes      string   `json:"notes"`
}

// UnmarshalJSON implements json.Unmarshaler: numbers sent as strings,
// and v1's overhead_cost for the direct cost.
func (p *ProductPrice) UnmarshalJSON(b []byte) error {
	type plain ProductPrice
	var w struct {
		plain
		ProductID    jsonx.ID `json:"product_id"`
		OverheadCost *float64 `json:"overhead_cost"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = ProductPrice(w.plain)
	p.ProductID = int64(w.ProductID)
	if p.DirectCost == nil {
		p.DirectCost = w.OverheadCost
	}
	return nil
}

// ProductVariation is a variant of a product (a size, a colour, ...) with
// prices of its own.
type ProductVariation struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// ProductID is the product it is a variation of.
	ProductID int64            `json:"product_id"`
	Prices    []VariationPrice `json:"prices"`
}

// UnmarshalJSON implements json.Unmarshaler (numbers sent as strings).
func (v *ProductVariation) UnmarshalJSON(b []byte) error {
	type plain ProductVariation
	var w plain
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*v = ProductVariation(w)
	return nil
}

// VariationPrice is a product variation's price in one currency.
type VariationPrice struct {
	// ProductVariationID is the variation the price belongs to.
	ProductVariationID int64   `json:"product_variation_id"`
	Price              float64 `json:"price"`
	// Currency is an ISO 4217 code.
	Currency string  `json:"currency"`
	Cost     float64 `json:"cost"`
	// DirectCost is nil when not set.
	DirectCost *float64 `json:"direct_cost"`
	Notes      string   `json:"notes"`
}

// UnmarshalJSON implements json.Unmarshaler (numbers sent as strings).
func (p *VariationPrice) UnmarshalJSON(b []byte) error {
	type plain VariationPrice
	var w plain
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = VariationPrice(w)
	return nil
}

// ProductImage is the image of a product. Uploads and updates answer
// with ID, ProductID, CompanyID and AddTime only; a fetch adds the rest.
type ProductImage struct {
	ID        int64 `json:"id"`
	ProductID int64 `json:"product_id"`
	// CompanyID is the company's id (the API sends it as a string).
	CompanyID int64 `json:"company_id"`
	// PublicURL downloads the image without credentials; it expires 7
	// days after the fetch.
	PublicURL string `json:"public_url,omitempty"`
	// AddTime is when the image was uploaded (the API may send the date
	// only, which reads as midnight UTC).
	AddTime  time.Time `json:"add_time"`
	MimeType string    `json:"mime_type,omitempty"`
	// Name is the image's file name.
	Name string `json:"name,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: the company id as a string,
// and either timestamp form or a bare date.
func (im *ProductImage) UnmarshalJSON(b []byte) error {
	type plain ProductImage
	var w struct {
		plain
		CompanyID jsonx.ID `json:"company_id"`
		AddTime   Time     `json:"add_time"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*im = ProductImage(w.plain)
	im.CompanyID, im.AddTime = int64(w.CompanyID), w.AddTime.Time
	return nil
}

// ProductDeal is a deal as the v1 list of a product's deals returns it
// (products.Service.Deals): API v1's deal shape, with the creator, owner,
// person and organization as objects, v1 timestamps, and custom fields at
// the top level (gathered into CustomFields).
type ProductDeal struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	// Creator is the user who created the deal; Owner the user who owns
	// it (v1's creator_user_id and user_id).
	Creator ProductDealUser `json:"creator_user_id"`
	Owner   ProductDealUser `json:"user_id"`
	// Person and Org are the deal's contact person and organization, nil
	// when it has none.
	Person     *ProductDealPerson `json:"person_id"`
	Org        *ProductDealOrg    `json:"org_id"`
	PipelineID int64              `json:"pipeline_id"`
	StageID    int64              `json:"stage_id"`
	// StageOrderNr is the position of the deal's stage in its pipeline.
	StageOrderNr int `json:"stage_order_nr"`
	// Value is the deal's amount in Currency (ISO 4217).
	Value    float64    `json:"value"`
	Currency string     `json:"currency"`
	Status   DealStatus `json:"status"`
	// Active is true for open deals; Deleted for deleted ones.
	Active     bool `json:"active"`
	Deleted    bool `json:"deleted"`
	IsArchived bool `json:"is_archived"`

	AddTime              time.Time  `json:"add_time"`
	UpdateTime           *time.Time `json:"update_time"`
	StageChangeTime      *time.Time `json:"stage_change_time"`
	CloseTime            *time.Time `json:"close_time"`
	WonTime              *time.Time `json:"won_time"`
	FirstWonTime         *time.Time `json:"first_won_time"`
	LostTime             *time.Time `json:"lost_time"`
	RottenTime           *time.Time `json:"rotten_time"`
	LastIncomingMailTime *time.Time `json:"last_incoming_mail_time"`
	LastOutgoingMailTime *time.Time `json:"last_outgoing_mail_time"`
	// ExpectedCloseDate is the zero Date when not set.
	ExpectedCloseDate Date `json:"expected_close_date"`

	Probability *float64  `json:"probability"`
	LostReason  *string   `json:"lost_reason"`
	VisibleTo   VisibleTo `json:"visible_to"`
	// LabelIDs are the deal's labels (v1 sends them comma-joined, as
	// "label").
	LabelIDs []int64 `json:"label"`

	NextActivityID      *int64    `json:"next_activity_id"`
	NextActivityDate    Date      `json:"next_activity_date"`
	NextActivityTime    TimeOfDay `json:"next_activity_time"`
	NextActivitySubject string    `json:"next_activity_subject"`
	NextActivityType    string    `json:"next_activity_type"`
	// NextActivityDuration is the next activity's length, "HH:MM:SS".
	NextActivityDuration string `json:"next_activity_duration"`
	NextActivityNote     string `json:"next_activity_note"`
	LastActivityID       *int64 `json:"last_activity_id"`
	LastActivityDate     Date   `json:"last_activity_date"`

	ProductsCount         int `json:"products_count"`
	FilesCount            int `json:"files_count"`
	NotesCount            int `json:"notes_count"`
	FollowersCount        int `json:"followers_count"`
	EmailMessagesCount    int `json:"email_messages_count"`
	ActivitiesCount       int `json:"activities_count"`
	DoneActivitiesCount   int `json:"done_activities_count"`
	UndoneActivitiesCount int `json:"undone_activities_count"`
	ParticipantsCount     int `json:"participants_count"`

	// PersonName, OrgName and OwnerName repeat the names of Person, Org
	// and Owner.
	PersonName string `json:"person_name"`
	OrgName    string `json:"org_name"`
	OwnerName  string `json:"owner_name"`
	// PersonHidden and OrgHidden are true when the user may not see the
	// deal's person or organization.
	PersonHidden bool `json:"person_hidden"`
	OrgHidden    bool `json:"org_hidden"`
	// FormattedValue is Value with its currency sign ("€5,000");
	// WeightedValue is Value times the stage's probability.
	FormattedValue         string  `json:"formatted_value"`
	WeightedValue          float64 `json:"weighted_value"`
	FormattedWeightedValue string  `json:"formatted_weighted_value"`
	WeightedValueCurrency  string  `json:"weighted_value_currency"`
	// CCEmail is the address that links mail sent to it to the deal.
	CCEmail string `json:"cc_email"`

	// Origin says how the deal was created; OriginID refines it. Channel
	// is the marketing channel's id; ChannelID refines it.
	Origin    string  `json:"origin,omitempty"`
	OriginID  *string `json:"origin_id"`
	Channel   *int64  `json:"channel"`
	ChannelID *string `json:"channel_id"`
	// ARR, MRR and ACV (Growth plans and above) are the annual recurring
	// revenue, monthly recurring revenue and annual contract value, each
	// in its own currency.
	ARR         *float64 `json:"arr"`
	MRR         *float64 `json:"mrr"`
	ACV         *float64 `json:"acv"`
	ARRCurrency *string  `json:"arr_currency"`
	MRRCurrency *string  `json:"mrr_currency"`
	ACVCurrency *string  `json:"acv_currency"`

	// CustomFields holds the deal's custom fields, keyed by field code
	// (v1 sends them at the top level; their companion keys, such as
	// "<code>_currency", are left out).
	CustomFields CustomFields `json:"custom_fields,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler: v1 timestamps ("" or null
// for none), numbers sent as strings, comma-joined labels and top-level
// custom fields.
func (d *ProductDeal) UnmarshalJSON(b []byte) error {
	type plain ProductDeal
	var w struct {
		plain
		AddTime              Time            `json:"add_time"`
		UpdateTime           Time            `json:"update_time"`
		StageChangeTime      Time            `json:"stage_change_time"`
		CloseTime            Time            `json:"close_time"`
		WonTime              Time            `json:"won_time"`
		FirstWonTime         Time            `json:"first_won_time"`
		LostTime             Time            `json:"lost_time"`
		RottenTime           Time            `json:"rotten_time"`
		LastIncomingMailTime Time            `json:"last_incoming_mail_time"`
		LastOutgoingMailTime Time            `json:"last_outgoing_mail_time"`
		Label                json.RawMessage `json:"label"`
		Active               flag            `json:"active"`
		Deleted              flag            `json:"deleted"`
		IsArchived           flag            `json:"is_archived"`
		PersonHidden         flag            `json:"person_hidden"`
		OrgHidden            flag            `json:"org_hidden"`
		CustomFields         json.RawMessage `json:"custom_fields"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = ProductDeal(w.plain)
	d.AddTime = w.AddTime.Time
	d.UpdateTime, d.StageChangeTime, d.CloseTime = w.UpdateTime.Ptr(), w.StageChangeTime.Ptr(), w.CloseTime.Ptr()
	d.WonTime, d.FirstWonTime, d.LostTime = w.WonTime.Ptr(), w.FirstWonTime.Ptr(), w.LostTime.Ptr()
	d.RottenTime = w.RottenTime.Ptr()
	d.LastIncomingMailTime, d.LastOutgoingMailTime = w.LastIncomingMailTime.Ptr(), w.LastOutgoingMailTime.Ptr()
	d.Active, d.Deleted, d.IsArchived = bool(w.Active), bool(w.Deleted), bool(w.IsArchived)
	d.PersonHidden, d.OrgHidden = bool(w.PersonHidden), bool(w.OrgHidden)
	var err error
	if d.LabelIDs, err = labelIDs(w.Label); err != nil {
		return fmt.Errorf("label: %w", err)
	}
	switch cf := bytes.TrimSpace(w.CustomFields); {
	case len(cf) > 0 && !bytes.Equal(cf, []byte("null")):
		if err := json.Unmarshal(cf, &d.CustomFields); err != nil {
			return fmt.Errorf("custom_fields: %w", err)
		}
	case len(cf) == 0:
		if d.CustomFields, err = topLevelCustomFields(b); err != nil {
			return err
		}
	}
	return nil
}

// labelIDs reads a v1 deal's label: "7,9", 7, [7, 9] or null.
func labelIDs(raw json.RawMessage) ([]int64, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || isNull(raw):
		return nil, nil
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return commaIDs(s)
	case raw[0] == '[':
		var labels []Label
		if err := json.Unmarshal(raw, &labels); err != nil {
			return nil, err
		}
		ids, _ := SplitLabels(labels)
		return ids, nil
	}
	n, err := jsonx.Int(raw)
	if err != nil {
		return nil, err
	}
	return []int64{n}, nil
}

// ProductDealUser is a user as a v1 deal refers to one (its creator or
// owner).
type ProductDealUser struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	// HasPic reports whether the user has a profile picture; PicHash
	// identifies it.
	HasPic  bool    `json:"has_pic"`
	PicHash *string `json:"pic_hash"`
	Active  bool    `json:"active_flag"`
}

// UnmarshalJSON implements json.Unmarshaler: an object whose id may come
// as "value" too, or a bare id.
func (u *ProductDealUser) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		n, err := jsonx.Int(t)
		*u = ProductDealUser{ID: n}
		return err
	}
	type plain ProductDealUser
	var w struct {
		plain
		ID     jsonx.ID `json:"id"`
		Value  jsonx.ID `json:"value"`
		HasPic flag     `json:"has_pic"`
		Active flag     `json:"active_flag"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*u = ProductDealUser(w.plain)
	u.ID, u.HasPic, u.Active = int64(w.ID), bool(w.HasPic), bool(w.Active)
	if u.ID == 0 {
		u.ID = int64(w.Value)
	}
	return nil
}

// MarshalJSON implements json.Marshaler, in the API's shape (the id also
// as "value").
func (u ProductDealUser) MarshalJSON() ([]byte, error) {
	type plain ProductDealUser
	return json.Marshal(struct {
		plain
		Value int64 `json:"value"`
	}{plain(u), u.ID})
}

// ProductDealPerson is the contact person of a v1 deal.
type ProductDealPerson struct {
	// ID is the person's id (v1's "value").
	ID     int64           `json:"value"`
	Name   string          `json:"name"`
	Emails []ContactDetail `json:"email"`
	Phones []ContactDetail `json:"phone"`
	// OwnerID is the user who owns the person.
	OwnerID int64 `json:"owner_id,omitempty"`
	Active  bool  `json:"active_flag"`
}

// UnmarshalJSON implements json.Unmarshaler: an object, or a bare id.
func (p *ProductDealPerson) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		n, err := jsonx.Int(t)
		*p = ProductDealPerson{ID: n}
		return err
	}
	type plain ProductDealPerson
	var w struct {
		plain
		ID      jsonx.ID    `json:"value"`
		OwnerID jsonx.ID    `json:"owner_id"`
		Emails  contactList `json:"email"`
		Phones  contactList `json:"phone"`
		Active  flag        `json:"active_flag"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = ProductDealPerson(w.plain)
	p.ID, p.OwnerID, p.Active = int64(w.ID), int64(w.OwnerID), bool(w.Active)
	p.Emails, p.Phones = []ContactDetail(w.Emails), []ContactDetail(w.Phones)
	return nil
}

// PrimaryEmail returns the person's primary email address (the first one
// when none is marked primary), or "".
func (p *ProductDealPerson) PrimaryEmail() string { return primaryContact(p.Emails) }

// PrimaryPhone returns the person's primary phone number (the first one
// when none is marked primary), or "".
func (p *ProductDealPerson) PrimaryPhone() string { return primaryContact(p.Phones) }

// ProductDealOrg is the organization of a v1 deal.
type ProductDealOrg struct {
	// ID is the organization's id (v1's "value").
	ID          int64  `json:"value"`
	Name        string `json:"name"`
	PeopleCount int    `json:"people_count"`
	// OwnerID is the user who owns the organization.
	OwnerID int64  `json:"owner_id"`
	Address string `json:"address"`
	Active  bool   `json:"active_flag"`
	// CCEmail is the address that links mail sent to it to the
	// organization.
	CCEmail string `json:"cc_email"`
}

// UnmarshalJSON implements json.Unmarshaler: an object, or a bare id.
func (o *ProductDealOrg) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		n, err := jsonx.Int(t)
		*o = ProductDealOrg{ID: n}
		return err
	}
	type plain ProductDealOrg
	var w struct {
		plain
		ID      jsonx.ID `json:"value"`
		OwnerID jsonx.ID `json:"owner_id"`
		Address *string  `json:"address"`
		CCEmail *string  `json:"cc_email"`
		Active  flag     `json:"active_flag"`
	}
	if err := jsonx.Unmarshal(b, &w); err != nil {
		return err
	}
	*o = ProductDealOrg(w.plain)
	o.ID, o.OwnerID, o.Active = int64(w.ID), int64(w.OwnerID), bool(w.Active)
	o.Address, o.CCEmail = deref(w.Address), deref(w.CCEmail)
	return nil
}
