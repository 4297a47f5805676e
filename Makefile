.PHONY: demo test
demo:  ## run JoinedUp on SQLite with a synthetic partnership and print demo logins
	@bash scripts/demo.sh
test:  ## run the whole test suite on SQLite and PostgreSQL (installs what it needs)
	@bash scripts/test.sh
