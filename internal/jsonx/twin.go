package jsonx

// Twin is a model's stand-in while it is decoded as a member of a larger
// document (a response envelope): a value that encoding/json decodes the
// model's usual shape into directly, writing the model's fields, without
// calling the model's UnmarshalJSON. Handing a member to an UnmarshalJSON
// costs two more scans of its bytes (encoding/json finds the member's end,
// then the method validates what it is given before decoding it), which
// for a large model with a custom decoding (crm.Deal) is most of the
// difference with a plain struct.
//
// Finish completes the model from what was decoded into the twin and
// reports whether that was the usual shape. False: the model must be
// decoded again, from the member's JSON, through its UnmarshalJSON.
//
// It is an alias of an unnamed interface, so that the public models'
// JSONTwin methods name no internal type.
type Twin = interface{ Finish() bool }

// Twinned is implemented by models that have a Twin. The client core
// asks a zero model for its twin, decodes a response's data member into
// it, and falls back to the model's UnmarshalJSON when Finish reports
// false.
type Twinned interface {
	// JSONTwin returns a fresh Twin that decodes into the model.
	JSONTwin() Twin
}
