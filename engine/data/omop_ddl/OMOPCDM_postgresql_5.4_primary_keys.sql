--postgresql CDM Primary Key Constraints for OMOP Common Data Model 5.4 (oncostruct's exported tables)
ALTER TABLE @cdmDatabaseSchema.PERSON  ADD CONSTRAINT xpk_PERSON PRIMARY KEY (person_id);
ALTER TABLE @cdmDatabaseSchema.NOTE  ADD CONSTRAINT xpk_NOTE PRIMARY KEY (note_id);
ALTER TABLE @cdmDatabaseSchema.NOTE_NLP  ADD CONSTRAINT xpk_NOTE_NLP PRIMARY KEY (note_nlp_id);
ALTER TABLE @cdmDatabaseSchema.CONDITION_OCCURRENCE  ADD CONSTRAINT xpk_CONDITION_OCCURRENCE PRIMARY KEY (condition_occurrence_id);
ALTER TABLE @cdmDatabaseSchema.MEASUREMENT  ADD CONSTRAINT xpk_MEASUREMENT PRIMARY KEY (measurement_id);
ALTER TABLE @cdmDatabaseSchema.PROCEDURE_OCCURRENCE  ADD CONSTRAINT xpk_PROCEDURE_OCCURRENCE PRIMARY KEY (procedure_occurrence_id);
ALTER TABLE @cdmDatabaseSchema.DRUG_EXPOSURE  ADD CONSTRAINT xpk_DRUG_EXPOSURE PRIMARY KEY (drug_exposure_id);
ALTER TABLE @cdmDatabaseSchema.OBSERVATION  ADD CONSTRAINT xpk_OBSERVATION PRIMARY KEY (observation_id);
ALTER TABLE @cdmDatabaseSchema.EPISODE  ADD CONSTRAINT xpk_EPISODE PRIMARY KEY (episode_id);
