// Package billing is the typed client of Pipedrive's billing API: the
// add-ons of the company's subscription (LeadBooster, Prospector, Smart
// Docs, ...), for integrations that enable features only where the
// company pays for them.
//
//	ok, err := client.Billing.HasAddon(ctx, "leadbooster_v2")
//	for a, err := range client.Billing.Addons(ctx) { ... }
//
// Addon is crm.Addon (aliased here), like the other models.
package billing
