// Package leads reaches Pipedrive's leads: potential deals kept in the
// Leads Inbox until they are qualified. It creates, reads, updates,
// deletes, lists and searches leads, manages lead labels, lists lead
// sources and lead fields, and converts a lead into a deal. Reach it from
// the root client as client.Leads.
//
// Leads live in API v1 (which has no v2 twin for them); search and the
// conversion into a deal use v2. Lead ids, and lead label ids, are UUID
// strings.
//
//	l, err := client.Leads.Create(ctx, &leads.CreateParams{
//		Title:    "Inbound: crane maintenance",
//		PersonID: 12,
//		Value:    &leads.Value{Amount: 800, Currency: "EUR"},
//	})
//
// # Custom fields
//
// Leads share the company's deal custom fields. Set them by name: the
// names resolve against the deal field definitions (fetched once per
// client and cached), and the values are sent in v1's form:
//
//	l, err := client.Leads.Update(ctx, l.ID, &leads.UpdateParams{
//		CustomFieldsByName: crm.FieldValues{"Budget": crm.Money(5000, "EUR"), "Tier": "Enterprise"},
//	})
//	fs, err := client.Leads.CustomFields(ctx) // the deal field definitions
//	budget, err := fs.Read(l.CustomFields).Money("Budget")
//
// Fields lists the lead fields in v1's shape (standard and custom).
//
// # Converting into a deal
//
// ConvertToDeal starts a background job; poll ConversionStatus until it
// is completed, when it names the new deal:
//
//	conv, err := client.Leads.ConvertToDeal(ctx, l.ID, &leads.ConvertParams{StageID: 2})
//	st, err := client.Leads.ConversionStatus(ctx, l.ID, conv.ConversionID)
//	if st.Status == leads.ConversionCompleted {
//		fmt.Println("deal", st.DealID)
//	}
package leads
