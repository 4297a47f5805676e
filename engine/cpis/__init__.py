"""CP-IS (Child Protection - Information Sharing): the status health sees and the files it exchanges (issue 20).

    engine.cpis.status   spans_from_records, flags_on, Span   on a plan or looked after, now or in the last 12 months
    engine.cpis.files    read_rows, write_rows                 the CSV files (formats.yaml), checked row by row
"""
