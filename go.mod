module github.com/pipedrive-go/pipedrive

go 1.25.0

require (
	github.com/google/go-querystring v1.2.0
	github.com/sethvargo/go-retry v0.5.0
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5
	golang.org/x/oauth2 v0.36.0
)
