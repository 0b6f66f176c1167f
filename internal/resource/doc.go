// Package resource holds the service code that deals, persons and
// organizations share: field definitions with cached name resolution,
// followers, the v1 history lists (changelog, files, flow, mail messages,
// permitted users), merges (Merger: the v1 merge, then the survivor in
// the resource's v2 model), search, and the incremental syncs by update
// time (Changes, described by a ChangeOps per resource). Each piece is parameterised by the resource's
// operations (from internal/ops); the resource packages wrap it in thin,
// documented methods of their own Service, so users see one flat API per
// resource while the behaviour is written once.
//
// How a resource package wires it (deals is the reference):
//
//	type Service struct {
//		c         *core.Client
//		fields    *resource.Fields
//		followers *resource.Followers
//	}
//
//	func NewService(c *core.Client) *Service {
//		return &Service{
//			c: c,
//			fields: resource.NewFields(c, resource.FieldOps{
//				List: ops.V2GetDealFields, Add: ops.V2AddDealField, Get: ops.V2GetDealField,
//				Update: ops.V2UpdateDealField, Delete: ops.V2DeleteDealField,
//				AddOptions: ops.V2AddDealFieldOptions, UpdateOptions: ops.V2UpdateDealFieldOptions,
//				DeleteOptions: ops.V2DeleteDealFieldOptions,
//				// What the deal definitions take (others take less):
//				Includes:     []crm.FieldInclude{crm.IncludeUIVisibility, ...},
//				Descriptions: true, Importance: true,
//			}),
//			followers: resource.NewFollowers(c, resource.FollowerOps{...}),
//		}
//	}
//
//	// Followers iterates over the users following deal id.
//	func (s *Service) Followers(ctx context.Context, id int64, p *crm.PageParams) iter.Seq2[*crm.Follower, error] {
//		return s.followers.List(ctx, id, p)
//	}
//
// Create and Update resolve their params' CustomFieldsByName with
// Fields.Resolve before sending.
package resource
